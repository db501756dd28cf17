// One conversation: the thread, the customer's other conversations, activity, status, assignee,
// tags, and the composer (reply or internal note, templates, live brand-voice check).
import { get, post, del } from './api.js';
import {
  h, clear, place, setOptions, ago, when, debounce, toast, channelBadge, visibilityBadge, sentimentBadge,
  urgencyBadge, languageBadge, CHANNELS,
} from './dom.js';
import { WorkflowPanel, trendBadge } from './workflow.js';

const STATUSES = [
  ['open', 'Open'],
  ['pending', 'Pending'],
  ['resolved', 'Resolve'],
];

export class Conversation {
  constructor(root, me, hooks) {
    this.root = root;
    this.me = me;
    this.hooks = hooks;
    this.id = null;
    this.data = null;
    this.assignees = [];
    this.drafts = new Map();
    this.threadSignature = '';
    this.templatesOff = false;
    this.voiceOff = false;
    this.voiceSeq = 0;
    this.blocked = false;
    this.mode = 'reply';
    this.refreshSoon = debounce(() => this.refresh(), 150);
    this.checkSoon = debounce(() => this.checkVoice(), 350);
    this.workflow = new WorkflowPanel(me, () => {
      this.refresh();
      this.hooks.changed();
    });
  }

  setAssignees(list) {
    this.assignees = list;
  }

  canWork() {
    return this.me.canReply;
  }

  async open(id) {
    if (id === this.id && this.head && this.root.contains(this.head)) {
      // already open (its row clicked again): a refresh, which keeps what the agent is typing
      await this.refresh();
      return;
    }
    if (this.id !== null && this.textarea) this.drafts.set(this.id, this.textarea.value);
    this.id = id;
    this.data = null;
    this.threadSignature = '';
    this.mode = 'reply';
    clear(this.root);
    this.head = h('header', { class: 'conv-head' });
    this.headFields = null;
    this.thread = h('div', { class: 'thread', id: 'thread', 'aria-label': 'Messages' });
    this.side = h('aside', { class: 'side' });
    this.workflow.open(id);
    this.side.appendChild(this.workflow.panel);
    this.root.append(this.head, this.workflow.bar, h('div', { class: 'conv-main' }, this.thread, this.side));
    this.root.appendChild(this.canWork() ? this.composer() : h('p', { class: 'read-only', id: 'read-only' },
      'Read only: your role (' + this.me.role + ') cannot reply or change conversations.'));
    await this.refresh(true);
    if (this.canWork()) this.loadTemplates();
  }

  changedElsewhere(event) {
    if (event.conversationId === this.id) this.refreshSoon();
  }

  async refresh(first) {
    const id = this.id;
    if (id === null) return;
    let c;
    let activity;
    try {
      [c, activity] = await Promise.all([
        get('/api/conversations/' + id),
        get('/api/conversations/' + id + '/activity').catch(() => ({ items: [] })),
      ]);
    } catch (e) {
      if (id === this.id) {
        clear(this.root).appendChild(h('p', { class: 'empty error' }, 'Cannot open conversation ' + id + ': ' + e.message));
        this.id = null;
      }
      return;
    }
    if (id !== this.id) return;
    this.data = c;
    this.renderHead(c);
    this.renderThread(c, first);
    this.renderSide(c, activity.items);
    this.workflow.refresh(c);
    if (first) this.loadOthers(c);
  }

  // ---- header: subject, customer, status, assignee, tags

  renderHead(c) {
    const work = this.canWork();
    const statusButtons = STATUSES.map(([value, label]) => h('button', {
      type: 'button',
      class: 'status-button' + (c.status === value ? ' current' : ''),
      id: 'status-' + value,
      'aria-pressed': String(c.status === value),
      disabled: !work || c.status === value,
      onclick: () => this.setStatus(value),
    }, c.status === value && value === 'resolved' ? 'Resolved' : label));

    const f = this.headFields || (this.headFields = this.makeHeadFields());
    place(this.head,
      h('div', { class: 'conv-title' },
        h('h2', { id: 'conversation-subject' }, c.subject || '(no subject)'),
        channelBadge(c.channel),
        visibilityBadge(c.isPublic),
        h('span', { class: 'badge status status-' + c.status, id: 'conversation-status' }, c.status),
        sentimentBadge(c.sentiment),
        trendBadge(c.sentimentTrend),
        urgencyBadge(c.urgency, c.urgencyReasons),
        languageBadge(c.language)),
      h('div', { class: 'conv-contact' },
        h('strong', {}, c.contact.name || c.contact.handle || 'unknown'),
        c.contact.handle ? h('span', { class: 'handle' }, c.contact.handle) : null,
        h('span', { class: 'muted' }, ' · ' + (CHANNELS[c.channel] || c.channel) + ' account ' + c.account)),
      place(f.actions,
        h('div', { class: 'status-buttons', role: 'group', 'aria-label': 'Status' }, statusButtons),
        this.assigneeControl(f, c),
        this.tagControl(f, c)));
  }

  /**
   * The header's fields live as long as the conversation is open: a refresh redraws around them
   * ({@link place}), so a half-typed tag or an open assignee picker survives it.
   */
  makeHeadFields() {
    const f = {
      actions: h('div', { class: 'conv-actions' }),
      assignee: h('div', { class: 'assignee-control' }),
      tags: h('div', { class: 'tags', id: 'tags' }),
      assigneeSelect: h('select', { id: 'assignee-select', 'aria-label': 'Assignee', onchange: (e) => this.assign(e.target.value || null) }),
      tagInput: null,
    };
    f.tagInput = h('input', {
      id: 'tag-input', placeholder: '+ tag', size: '8', 'aria-label': 'Add a tag',
      onkeydown: (e) => {
        if (e.key === 'Enter' && f.tagInput.value.trim()) {
          e.preventDefault();
          this.addTag(f.tagInput.value.trim(), f.tagInput);
        }
      },
    });
    return f;
  }

  assigneeControl(f, c) {
    const label = h('span', { class: 'muted' }, 'Assignee ');
    if (!this.canWork()) {
      return place(f.assignee, label, h('span', { id: 'assignee-name' }, c.assignee || 'nobody'));
    }
    if (this.me.canAssignAnyone) {
      const select = setOptions(f.assigneeSelect, [['', 'Unassigned'], ...this.assignees.map((p) => [p.username, p.displayName || p.username])]);
      select.value = c.assignee || '';
      return place(f.assignee, label, select);
    }
    const mine = c.assignee === this.me.username;
    return place(f.assignee, label,
      h('span', { id: 'assignee-name' }, c.assignee || 'nobody'),
      mine
        ? h('button', { type: 'button', id: 'give-back', onclick: () => this.assign(null) }, 'Give back')
        : h('button', { type: 'button', id: 'take', onclick: () => this.assign(this.me.username) }, 'Take'));
  }

  tagControl(f, c) {
    const chips = (c.tags || []).map((t) => h('span', { class: 'tag' }, t,
      this.canWork() ? h('button', { type: 'button', class: 'tag-remove', title: 'Remove tag ' + t, 'aria-label': 'Remove tag ' + t, onclick: () => this.removeTag(t) }, '×') : null));
    return place(f.tags, chips, this.canWork() ? f.tagInput : null);
  }

  async setStatus(status) {
    await this.act(() => post('/api/conversations/' + this.id + '/status', { status }),
      status === 'resolved' ? 'Resolved' : 'Status: ' + status);
  }

  async resolve() {
    if (this.id !== null && this.canWork() && this.data && this.data.status !== 'resolved') await this.setStatus('resolved');
  }

  async assign(username) {
    await this.act(() => post('/api/conversations/' + this.id + '/assignee', { assignee: username }),
      username ? 'Assigned to ' + username : 'Unassigned');
  }

  async addTag(tag, input) {
    await this.act(async () => {
      await post('/api/conversations/' + this.id + '/tags', { tag });
      if (input.value.trim() === tag) input.value = '';
    }, 'Tagged ' + tag);
  }

  async removeTag(tag) {
    await this.act(() => del('/api/conversations/' + this.id + '/tags/' + encodeURIComponent(tag)), 'Removed tag ' + tag);
  }

  async act(call, done) {
    try {
      await call();
      toast(done);
    } catch (e) {
      toast(e.message, true);
    }
    await this.refresh();
    this.hooks.changed();
  }

  // ---- thread

  renderThread(c, first) {
    const signature = c.messages.map((m) => m.id + ':' + (m.delivery ? m.delivery.status + m.delivery.error : '')).join('|');
    if (signature === this.threadSignature) return;
    this.threadSignature = signature;
    const atBottom = this.thread.scrollHeight - this.thread.scrollTop - this.thread.clientHeight < 40;
    clear(this.thread);
    for (const m of c.messages) this.thread.appendChild(this.message(m, c));
    if (first || atBottom) this.thread.scrollTop = this.thread.scrollHeight;
  }

  message(m, c) {
    const who = m.direction === 'in' ? (c.contact.name || m.author) : m.author;
    const body = h('div', { class: 'msg-body' }, m.displayText || m.text || '');
    const el = h('article', { class: 'msg msg-' + m.direction, dataset: { id: m.id, direction: m.direction } },
      h('div', { class: 'msg-meta' },
        h('span', { class: 'msg-author' }, who || ''),
        m.direction === 'note' ? h('span', { class: 'badge note' }, 'internal note') : null,
        h('time', { datetime: m.sentAt, title: when(m.sentAt) }, ago(m.sentAt)),
        m.direction === 'in' ? [sentimentBadge(m.sentiment, m.sentimentScore), urgencyBadge(m.urgency, m.urgencyReasons), languageBadge(m.language)] : null,
        m.direction === 'out' ? deliveryBadge(m.delivery) : null),
      body);
    if (m.html) {
      let formatted = false;
      const toggle = h('button', { type: 'button', class: 'link show-html' }, 'Show original formatting');
      toggle.addEventListener('click', () => {
        formatted = !formatted;
        el.replaceChild(formatted ? htmlFrame(m.html, m.text || '') : h('div', { class: 'msg-body' }, m.displayText || m.text || ''), el.querySelector('.msg-body, .email-frame'));
        toggle.textContent = formatted ? 'Show text' : 'Show original formatting';
      });
      el.appendChild(toggle);
    }
    if (m.attachments && m.attachments.length) {
      el.appendChild(h('ul', { class: 'attachments' }, m.attachments.map((a) => h('li', {},
        a.filename || 'attachment', ' ', h('span', { class: 'muted' }, '(' + (a.contentType || '?') + ', ' + size(a.size) + ')'),
        a.note ? h('span', { class: 'muted' }, ' — ' + a.note) : null))));
    }
    return el;
  }

  // ---- side: other conversations of this customer, activity

  async loadOthers(c) {
    const box = h('section', { class: 'others', id: 'others' }, h('h3', {}, 'Other conversations with this customer'));
    this.othersBox = box;
    this.workflow.panel.after(box);
    await this.refreshOthers(c, box);
  }

  // the customer across channels (GET /api/contacts/{id}): identities, every conversation with its
  // sentiment and status, suggested matches with their reasons (merge with one click), undoable merges
  async refreshOthers(c, box) {
    try {
      const [person, found] = await Promise.all([
        get('/api/contacts/' + c.contact.id),
        get('/api/contacts/' + c.contact.id + '/suggestions').catch(() => ({ suggestions: [] })),
      ]);
      if (c.id !== this.id) return;
      clear(box).appendChild(h('h3', {}, 'Other conversations with this customer'));
      const others = person.conversations.filter((o) => o.id !== c.id);
      box.appendChild(h('ul', { class: 'identities', id: 'identities' }, person.identities.map((i) => h('li', { dataset: { kind: i.kind } },
        channelBadge(i.channel), ' ', h('span', { class: 'handle' }, i.handle), ' ', h('span', { class: 'muted' }, i.kind + (i.verified ? ', verified' : ''))))));
      box.appendChild(others.length
        ? h('ul', { id: 'other-conversations' }, others.map((o) => h('li', { dataset: { id: o.id } },
          h('button', { type: 'button', class: 'link other', onclick: () => this.hooks.openOther(o.id) },
            channelBadge(o.channel), ' ', o.subject || '(no subject)'),
          ' ', sentimentBadge(o.sentiment, o.sentimentScore),
          ' ', h('span', { class: 'badge status status-' + o.status }, o.status),
          ' ', h('span', { class: 'muted' }, ago(o.lastMessageAt)))))
        : h('p', { class: 'muted' }, 'None on any channel.'));
      const work = this.canWork();
      if (found.suggestions.length) {
        box.appendChild(h('h4', {}, 'Maybe the same customer'));
        box.appendChild(h('ul', { id: 'contact-suggestions' }, found.suggestions.map((s) => h('li', { dataset: { contact: s.contactId } },
          h('strong', {}, s.name || ('contact ' + s.contactId)),
          h('ul', { class: 'reasons' }, s.reasons.map((r) => h('li', { class: 'muted' }, r))),
          work ? h('button', { type: 'button', class: 'merge-contact', onclick: () => this.contactChange(c, box,
            '/api/contacts/' + person.id + '/merge', { other: s.contactId, reason: s.reasons.join('; ') }, 'Merged') }, 'Merge') : null))));
      }
      if (person.merges.length) {
        box.appendChild(h('ul', { id: 'contact-merges' }, person.merges.map((m) => h('li', { dataset: { merge: m.id } },
          h('span', { class: 'muted' }, 'Merged ' + (m.absorbedName || ('contact ' + m.absorbedId)) + ' by ' + m.mergedBy + ' ' + ago(m.mergedAt)), ' ',
          work ? h('button', { type: 'button', class: 'link undo-merge', onclick: () => this.contactChange(c, box,
            '/api/contacts/' + person.id + '/merges/' + m.id + '/undo', {}, 'Merge undone') }, 'Undo') : null))));
      }
    } catch (e) {
      box.appendChild(h('p', { class: 'muted' }, 'Cannot load: ' + e.message));
    }
  }

  async contactChange(c, box, path, body, done) {
    try {
      await post(path, body);
      toast(done);
    } catch (e) {
      toast(e.message, true);
    }
    await this.refreshOthers(c, box);
  }

  renderSide(c, activity) {
    let box = this.side.querySelector('#activity');
    if (!box) {
      box = h('section', { class: 'activity', id: 'activity' });
      this.side.appendChild(box);
    }
    clear(box).appendChild(h('h3', {}, 'Activity'));
    if (!activity.length) {
      box.appendChild(h('p', { class: 'muted' }, 'No changes yet.'));
      return;
    }
    box.appendChild(h('ul', {}, activity.slice().reverse().map((a) => h('li', {},
      h('strong', {}, a.actor), ' ', describe(a), ' ', h('span', { class: 'muted', title: when(a.at) }, ago(a.at))))));
  }

  // ---- composer

  composer() {
    this.textarea = h('textarea', {
      id: 'reply-text', rows: '4', placeholder: 'Write a reply…  (r)',
      'aria-label': 'Reply text',
      oninput: () => this.onInput(),
      onkeydown: (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          this.send();
        }
      },
    });
    this.textarea.value = this.drafts.get(this.id) || '';
    this.templateSelect = h('select', { id: 'template-picker', hidden: true, 'aria-label': 'Insert a template', onchange: (e) => this.insertTemplate(e.target.value) });
    this.voiceBox = h('div', { class: 'voice', id: 'voice-check', hidden: true, 'aria-live': 'polite' });
    this.sendButton = h('button', { type: 'submit', class: 'primary', id: 'send' }, 'Send reply');
    this.sendHint = h('span', { class: 'muted', id: 'send-hint' }, 'Ctrl+Enter sends');
    this.replyTab = h('button', { type: 'button', class: 'tab active', id: 'mode-reply', onclick: () => this.setMode('reply') }, 'Reply');
    this.noteTab = h('button', { type: 'button', class: 'tab', id: 'mode-note', onclick: () => this.setMode('note') }, 'Internal note');
    const form = h('form', { class: 'composer', id: 'composer', onsubmit: (e) => { e.preventDefault(); this.send(); } },
      h('div', { class: 'composer-bar' }, this.replyTab, this.noteTab, h('span', { class: 'spacer' }), this.templateSelect),
      this.textarea,
      this.voiceBox,
      h('div', { class: 'composer-bar' }, this.sendHint, h('span', { class: 'spacer' }), this.sendButton));
    this.form = form;
    return form;
  }

  setMode(mode) {
    this.mode = mode;
    this.replyTab.classList.toggle('active', mode === 'reply');
    this.noteTab.classList.toggle('active', mode === 'note');
    this.form.classList.toggle('note-mode', mode === 'note');
    this.textarea.placeholder = mode === 'note' ? 'Internal note: only your team sees it  (n)' : 'Write a reply…  (r)';
    this.setBlocked(false);
    this.onInput();
  }

  focusComposer(mode) {
    if (!this.textarea || this.id === null) return;
    this.setMode(mode);
    this.textarea.focus();
  }

  onInput() {
    this.workflow.typing(this.textarea.value.trim() !== '');
    if (this.mode === 'reply') {
      this.checkSoon();
    } else {
      this.voiceBox.hidden = true;
      this.setBlocked(false);
    }
  }

  /** A reply the voice check blocks can still be sent, with a reason (the server records it). */
  setBlocked(blocked, why) {
    this.blocked = blocked;
    this.sendButton.classList.toggle('danger', blocked);
    this.sendButton.title = blocked ? why : '';
    this.sendButton.textContent = this.mode === 'note' ? 'Add note' : blocked ? 'Send anyway…' : 'Send reply';
  }

  async send() {
    const text = this.textarea.value.trim();
    if (!text || this.id === null) return;
    const body = { text };
    if (this.mode === 'reply' && this.blocked) {
      const reason = window.prompt('The brand-voice check blocks this reply. Why should it go out anyway?');
      if (!reason || !reason.trim()) return;
      body.override = reason.trim();
    }
    if (this.mode === 'reply' && this.lastSeenId() !== null) body.lastSeenMessageId = this.lastSeenId();
    this.sendButton.disabled = true;
    try {
      if (this.mode === 'reply') {
        if (!(await this.sendReply(body))) return;
      } else {
        await post('/api/conversations/' + this.id + '/notes', { text });
        toast('Note added');
      }
      this.textarea.value = '';
      this.drafts.delete(this.id);
      this.workflow.typing(false);
      this.voiceBox.hidden = true;
      this.setBlocked(false);
    } catch (e) {
      if (e.status === 422 && e.data && Array.isArray(e.data.violations)) {
        this.renderVoice(text, e.data);
      }
      toast(e.message, true);
    } finally {
      this.sendButton.disabled = false;
    }
    await this.refresh();
    this.hooks.changed();
  }

  /** The newest message on screen: a reply written before newer ones arrived is refused (409). */
  lastSeenId() {
    const ids = ((this.data && this.data.messages) || []).map((m) => m.id);
    return ids.length ? Math.max(...ids) : null;
  }

  /** Sends; on 409 shows what arrived meanwhile and resends only if the agent says so. */
  async sendReply(body) {
    try {
      await post('/api/conversations/' + this.id + '/replies', body);
    } catch (e) {
      if (e.status !== 409 || !e.data || !Array.isArray(e.data.messages)) throw e;
      await this.refresh();
      const news = e.data.messages.map((m) => (m.direction === 'in' ? 'Customer' : m.author) + ': '
        + String(m.displayText || m.text || '').slice(0, 300)).join('\n\n');
      if (!window.confirm(e.message + ':\n\n' + news + '\n\nSend your reply anyway?')) {
        toast('Not sent: read the new messages first');
        return false;
      }
      await post('/api/conversations/' + this.id + '/replies', { ...body, force: true });
    }
    toast('Reply queued');
    return true;
  }

  // ---- templates (GET /api/templates?conversation=ID); hidden while the server has none

  async loadTemplates() {
    if (this.templatesOff) return;
    const id = this.id;
    let answer;
    try {
      answer = await get('/api/templates?conversation=' + id);
    } catch (e) {
      if (e.status === 404 || e.status === 405 || e.status === 501) this.templatesOff = true;
      return;
    }
    if (id !== this.id) return;
    const items = (Array.isArray(answer) ? answer : (answer && (answer.items || answer.templates)) || []).map(template).filter((t) => t.text);
    this.templates = items;
    clear(this.templateSelect).appendChild(h('option', { value: '' }, 'Insert template…'));
    items.forEach((t, i) => this.templateSelect.appendChild(h('option', { value: String(i), title: t.why || '' }, t.title)));
    this.templateSelect.hidden = items.length === 0;
  }

  insertTemplate(index) {
    const t = this.templates && this.templates[Number(index)];
    this.templateSelect.value = '';
    if (!t) return;
    const ta = this.textarea;
    const start = ta.selectionStart ?? ta.value.length;
    const end = ta.selectionEnd ?? ta.value.length;
    ta.value = ta.value.slice(0, start) + t.text + ta.value.slice(end);
    ta.focus();
    ta.selectionStart = ta.selectionEnd = start + t.text.length;
    this.onInput();
  }

  // ---- brand voice (POST /api/voice/check); hidden while the server has none

  async checkVoice() {
    if (this.voiceOff || this.mode !== 'reply' || this.id === null) return;
    const text = this.textarea.value;
    const seq = ++this.voiceSeq;
    if (!text.trim()) {
      this.voiceBox.hidden = true;
      this.setBlocked(false);
      return;
    }
    let r;
    try {
      r = await post('/api/voice/check', { conversationId: this.id, text });
    } catch (e) {
      if (seq !== this.voiceSeq) return;
      if (e.status === 404 || e.status === 405 || e.status === 501) {
        this.voiceOff = true;
        this.voiceBox.hidden = true;
      } else {
        clear(this.voiceBox).appendChild(h('p', { class: 'muted' }, 'Brand-voice check unavailable: ' + e.message));
        this.voiceBox.hidden = false;
      }
      this.setBlocked(false);
      return;
    }
    if (seq !== this.voiceSeq || this.mode !== 'reply') return;
    this.renderVoice(text, r || {});
  }

  renderVoice(draft, r) {
    const violations = Array.isArray(r.violations) ? r.violations : [];
    const fixed = typeof r.text === 'string' ? r.text : draft;
    const blocking = violations.filter((v) => String(v.severity).toLowerCase() === 'block');
    const fixes = Array.isArray(r.fixes) ? r.fixes : [];
    const box = clear(this.voiceBox);
    box.hidden = false;
    box.classList.toggle('blocked', blocking.length > 0);
    box.appendChild(h('div', { class: 'voice-head' },
      h('strong', {}, 'Brand voice'),
      typeof r.score === 'number' ? h('span', { class: 'voice-score', id: 'voice-score' }, 'score ' + r.score) : null,
      violations.length === 0 ? h('span', { class: 'voice-ok', id: 'voice-ok' }, fixes.length ? 'looks good after the automatic changes' : 'looks good') : null,
      fixed !== draft ? h('button', { type: 'button', class: 'link', id: 'voice-apply', onclick: () => {
        this.textarea.value = fixed;
        this.onInput();
      } }, 'Use the corrected text') : null));
    if (fixes.length) {
      box.appendChild(h('ul', { class: 'fixes', id: 'voice-fixes', title: 'Changes the check makes on its own' },
        fixes.map((f) => h('li', {}, h('span', { class: 'badge' }, 'auto'), ' ', f.message || f.rule))));
    }
    if (violations.length) {
      box.appendChild(h('ul', { class: 'violations', id: 'voice-violations' }, violations.map((v) => h('li', {
        class: 'violation severity-' + String(v.severity).toLowerCase(), dataset: { rule: v.rule || '' },
      },
        h('span', { class: 'badge' }, String(v.severity).toLowerCase()), ' ',
        v.message || v.rule,
        v.suggestion ? h('span', { class: 'suggestion' }, ' → ' + v.suggestion) : null))));
      box.appendChild(h('div', { class: 'voice-preview', title: 'What would be sent, with the findings marked' }, marked(fixed, violations)));
    }
    this.setBlocked(blocking.length > 0, 'Blocked by the brand-voice check');
  }
}

/** The text with each finding's span in a <mark>, built from text nodes only. */
function marked(text, violations) {
  const spans = violations
    .filter((v) => Number.isInteger(v.start) && Number.isInteger(v.end) && v.start >= 0 && v.end <= text.length && v.start <= v.end)
    .sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const v of spans) {
    if (v.start < at) continue;
    out.push(text.slice(at, v.start));
    out.push(h('mark', { class: 'severity-' + String(v.severity).toLowerCase(), title: v.message || '' }, v.start === v.end ? '\u2038' : text.slice(v.start, v.end)));
    at = v.end;
  }
  out.push(text.slice(at));
  return out;
}

/** Accepts {id,title,text} or the voice module's ranked shape {template:{id,title,body}, score, reasons}. */
function template(item) {
  const t = item.template || item;
  return {
    id: t.id,
    title: t.title || t.id || 'template',
    text: item.text || item.rendered || t.text || t.rendered || t.body || '',
    why: Array.isArray(item.reasons) ? item.reasons.join('; ') : '',
  };
}

function deliveryBadge(d) {
  if (!d) return null;
  const s = d.status;
  if (s === 'failed') {
    return h('span', { class: 'badge delivery delivery-failed', title: d.error || '' }, 'failed: ' + (d.error || 'unknown reason'));
  }
  if (s === 'queued' && d.error) {
    return h('span', { class: 'badge delivery delivery-retry', title: d.error }, 'retrying: ' + d.error);
  }
  return h('span', { class: 'badge delivery delivery-' + s }, s === 'sent' ? 'sent \u2713' : s);
}

function htmlFrame(html, text) {
  const frame = document.createElement('iframe');
  // no allow-* flags: no script, no forms, no popups, no same-origin access; the page's CSP applies too
  frame.setAttribute('sandbox', '');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.setAttribute('title', 'Original formatting (sanitized)');
  frame.className = 'email-frame';
  const lines = Math.min(40, Math.max(6, text.split('\n').length + 2));
  frame.style.height = (lines * 1.5) + 'em';
  frame.srcdoc = '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/assets/email-frame.css"></head><body>' + html + '</body></html>';
  return frame;
}

function describe(a) {
  switch (a.kind) {
    case 'status': return 'set the status to ' + a.detail;
    case 'assignee': return a.detail ? 'assigned it to ' + a.detail : 'unassigned it';
    case 'tag-added': return 'tagged it ' + a.detail;
    case 'tag-removed': return 'removed the tag ' + a.detail;
    case 'contact-merged': case 'contact-unmerged': case 'identity-split': return a.detail;
    default: return a.kind + (a.detail ? ' ' + a.detail : '');
  }
}

function size(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return Math.round(n / 1024) + ' KB';
  return (n / 1024 / 1024).toFixed(1) + ' MB';
}
