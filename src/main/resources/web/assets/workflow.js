// The team workflow on the inbox page: SLA badges in the list (one GET /api/sla?ids= per render);
// in a conversation the SLA clocks, team, snooze, hand-off to a department, who else is there
// (presence heartbeats), the sentiment trend and the CSAT rating. The server enforces roles; the
// page only hides what a role cannot do.
import { get, post, del } from './api.js';
import { h, clear, place, setOptions, when, toast } from './dom.js';

const WORKERS = ['agent', 'lead', 'admin'];
const CLOCKS = [
  ['firstResponse', 'First reply'],
  ['nextResponse', 'Next reply'],
  ['resolution', 'Resolution'],
];
const HEARTBEAT_MS = 10000;
/** Typing this recently (and a draft in the box) counts as composing. */
const COMPOSING_MS = 15000;

/** "45 min", "3 h 20 min", "2 d": a span of time, sign ignored. */
export function span(ms) {
  const m = Math.round(Math.abs(ms) / 60000);
  if (m < 60) return m + ' min';
  if (m < 60 * 48) {
    const hours = Math.floor(m / 60);
    const minutes = m % 60;
    return hours + ' h' + (minutes && hours < 10 ? ' ' + minutes + ' min' : '');
  }
  return Math.round(m / 1440) + ' d';
}

/** The one thing the list says about a conversation's SLA: breached, paused, or the next due target. */
export function slaSummary(s, now = Date.now()) {
  if (!s || !s.policy || s.status === 'resolved' || s.status === 'closed') return null;
  const clocks = CLOCKS.map(([key, label]) => ({ key, label, ...(s[key] || {}) }));
  const breached = clocks.find((c) => c.state === 'breached');
  if (breached) {
    return { cls: 'sla-breached', text: 'SLA breached', title: breached.label + ' was due ' + when(breached.dueAt) };
  }
  if (s.paused) {
    return { cls: 'sla-paused', text: 'SLA paused', title: 'SLA clocks stop while the conversation is ' + s.status };
  }
  const next = clocks
    .filter((c) => (c.state === 'running' || c.state === 'warning') && c.dueAt)
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
  if (!next) return null;
  const left = Date.parse(next.dueAt) - now;
  const title = next.label + ' due ' + when(next.dueAt) + ' (policy ' + s.policy + ')';
  if (left <= 0) return { cls: 'sla-breached', text: next.label + ' overdue ' + span(left), title };
  return { cls: next.state === 'warning' ? 'sla-warning' : 'sla-running', text: next.label + ' in ' + span(left), title };
}

function snoozeText(snooze) {
  if (!snooze) return null;
  return snooze.until ? 'snoozed until ' + when(snooze.until) : 'snoozed until the customer writes';
}

let listSeq = 0;
let lastList = null;

/**
 * Adds the SLA badge and the snooze marker to each rendered list row, from one request for all of
 * them. A slower answer for an earlier render is dropped.
 */
export async function decorateList(listEl, ids) {
  const seq = ++listSeq;
  lastList = null;
  if (!ids.length) return;
  let page;
  try {
    page = await get('/api/sla?ids=' + ids.slice(0, 200).join(','));
  } catch (e) {
    return; // the list works without it
  }
  if (seq !== listSeq) return;
  lastList = { listEl, items: page.items };
  badges(listEl, page.items);
}

// the time left counts down between renders without asking the server again
setInterval(() => {
  if (lastList) badges(lastList.listEl, lastList.items);
}, 60000);

function badges(listEl, items) {
  for (const s of items) {
    const row = listEl.querySelector('li[data-id="' + s.conversationId + '"] .badges');
    if (!row) continue;
    for (const old of row.querySelectorAll('.sla-badge, .snooze-marker')) old.remove();
    const sum = slaSummary(s);
    if (sum) row.prepend(h('span', { class: 'badge sla-badge ' + sum.cls, title: sum.title }, sum.text));
    const snoozed = snoozeText(s.snooze);
    if (snoozed) row.appendChild(h('span', { class: 'snooze-marker', title: 'Snoozed by ' + (s.snooze.by || '?') }, snoozed));
  }
}

const ARROWS = { improving: '\u2197', worsening: '\u2198', steady: '\u2192' };

/** Next to the sentiment badge: the direction since the previous customer message and the worst so far. */
export function trendBadge(t) {
  if (!t || !t.direction) return null;
  const title = 'Sentiment trend: latest ' + (t.latest || '?') + ', worst ' + (t.worst || '?') + ', ' + t.direction;
  return h('span', { class: 'badge trend trend-' + t.direction, id: 'sentiment-trend', title },
    (ARROWS[t.direction] || '') + ' ' + t.direction + (t.worst && t.worst !== t.latest ? ' · worst ' + t.worst : ''));
}

/**
 * The workflow parts of one open conversation: a bar under the header (presence, snooze, waiting
 * on a department, CSAT) and a panel in the side column (SLA clocks, team, snooze and hand-off
 * controls). {@code changed} is called after the agent changed something here.
 */
export class WorkflowPanel {
  constructor(me, changed) {
    this.me = me;
    this.changed = changed;
    this.id = null;
    this.seq = 0;
    this.renders = 0;
    this.typedAt = 0;
    this.hasDraft = false;
    this.sentState = null;
    this.timer = null;
    this.departments = null;
    this.teams = null;
    this.fields = null;
    this.bar = h('div', { class: 'workflow-bar', id: 'workflow-bar' });
    this.panel = h('section', { class: 'workflow', id: 'workflow' });
    window.addEventListener('pagehide', () => this.leave(true));
  }

  canWork() {
    return WORKERS.includes(this.me.role);
  }

  canMoveTeams() {
    return this.me.role === 'lead' || this.me.role === 'admin';
  }

  /** A new conversation is on screen: say goodbye to the previous one, start heartbeats. */
  open(id) {
    if (this.id !== null && this.id !== id) this.leave(false);
    this.id = id;
    this.typedAt = 0;
    this.hasDraft = false;
    this.sentState = null;
    this.fields = null;
    this.bar = h('div', { class: 'workflow-bar', id: 'workflow-bar' },
      h('span', { class: 'presence', id: 'presence', 'aria-live': 'polite' }));
    this.panel = h('section', { class: 'workflow', id: 'workflow' }, h('h3', {}, 'SLA'), h('p', { class: 'muted' }, 'Loading…'));
    clearInterval(this.timer);
    this.heartbeat();
    this.timer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
  }

  /** The composer's text changed; {@code hasDraft} says whether there is any text left. */
  typing(hasDraft) {
    this.hasDraft = hasDraft;
    this.typedAt = hasDraft ? Date.now() : 0;
    if (this.presenceState() !== this.sentState) this.heartbeat();
  }

  presenceState() {
    return this.canWork() && this.hasDraft && Date.now() - this.typedAt < COMPOSING_MS ? 'composing' : 'viewing';
  }

  async heartbeat() {
    const id = this.id;
    if (id === null) return;
    const state = this.presenceState();
    this.sentState = state;
    let answer;
    try {
      answer = await post('/api/conversations/' + id + '/presence', { state });
    } catch (e) {
      return;
    }
    if (id === this.id) this.renderPresence(answer.items || []);
  }

  /** Tells the server we left; on page hide the request must outlive the page (keepalive). */
  leave(unloading) {
    const id = this.id;
    if (id === null) return;
    if (unloading) {
      clearInterval(this.timer);
      fetch('/api/conversations/' + id + '/presence', {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'fetch', 'X-CSRF-Token': this.me.csrfToken || '' },
        body: JSON.stringify({ state: 'left' }),
      }).catch(() => {});
    } else {
      post('/api/conversations/' + id + '/presence', { state: 'left' }).catch(() => {});
    }
  }

  renderPresence(items) {
    const el = this.bar.querySelector('#presence');
    if (!el) return;
    clear(el);
    const others = items.map((p) => h('span', { class: 'presence-person presence-' + p.state, dataset: { user: p.username } },
      (p.displayName || p.username) + (p.state === 'composing' ? ' is composing a reply' : ' is viewing')));
    if (others.length) el.append(h('span', { class: 'presence-dot', 'aria-hidden': 'true' }), ...others);
  }

  /** Loads and shows the workflow state of conversation {@code c} (called on every refresh). */
  async refresh(c) {
    const id = c.id;
    const seq = ++this.seq;
    const [sla, team, handoffs, csat, departments, teams] = await Promise.all([
      get('/api/conversations/' + id + '/sla').catch(() => null),
      get('/api/conversations/' + id + '/team').catch(() => null),
      get('/api/conversations/' + id + '/handoff').catch(() => ({ items: [] })),
      get('/api/conversations/' + id + '/csat').catch(() => null),
      this.loadDepartments(),
      this.loadTeams(),
    ]);
    if (id !== this.id || seq !== this.seq) return;
    this.renderBar(sla, handoffs.items || [], csat && csat.survey);
    this.renderPanel(c, sla, team, handoffs.items || [], departments, teams);
  }

  async loadDepartments() {
    if (this.departments === null && this.canWork()) {
      this.departments = await get('/api/departments').then((d) => d.items || []).catch(() => []);
    }
    return this.departments || [];
  }

  async loadTeams() {
    if (this.teams === null && this.canMoveTeams()) {
      this.teams = await get('/api/teams').then((d) => (d.items || []).map((t) => t.name)).catch(() => []);
    }
    return this.teams || [];
  }

  renderBar(sla, handoffs, survey) {
    for (const old of this.bar.querySelectorAll('.workflow-flag')) old.remove();
    const flags = [];
    const snoozed = sla && snoozeText(sla.snooze);
    if (snoozed) flags.push(h('span', { class: 'workflow-flag badge snoozed', id: 'snooze-flag' }, snoozed));
    const waiting = handoffs.filter((x) => x.waiting);
    for (const x of waiting) {
      flags.push(h('span', { class: 'workflow-flag badge waiting-department', id: 'handoff-waiting', title: 'Sent to ' + x.address + ' by ' + x.requestedBy },
        'waiting on ' + x.department + ' since ' + when(x.requestedAt)));
    }
    if (survey && survey.rating) {
      flags.push(h('span', { class: 'workflow-flag badge csat csat-' + survey.rating, id: 'csat-rating',
        title: survey.comment ? 'Comment: ' + survey.comment : 'Rated ' + when(survey.ratedAt) },
      'CSAT ' + '\u2605'.repeat(survey.rating) + '\u2606'.repeat(5 - survey.rating) + ' ' + survey.rating + '/5'));
    } else if (survey && survey.status) {
      flags.push(h('span', { class: 'workflow-flag muted', id: 'csat-rating' }, 'CSAT survey ' + survey.status + ', no rating yet'));
    }
    this.bar.append(...flags);
  }

  /**
   * Draws the panel again from fresh data (a new message, someone's change, the agent's own
   * action). The fields an agent types or picks in (hand-off department and note, snooze time,
   * team) are the same nodes for as long as the conversation is open: {@link place} moves nothing
   * that stays, so focus, caret and half-written text survive however the refresh arrives.
   */
  renderPanel(c, sla, team, handoffs, departments, teams) {
    const f = this.fields || (this.fields = this.makeFields(c.id));
    const work = this.canWork();
    place(this.panel,
      h('h3', {}, 'SLA'), this.clocks(sla),
      h('h3', {}, 'Team'), this.teamLine(f, team, teams),
      work && (c.status === 'open' || c.status === 'pending') ? [h('h3', {}, 'Snooze'), this.snoozeControl(f, sla)] : null,
      h('h3', {}, 'Departments'), this.handoffControl(f, handoffs, work ? departments : []));
    this.panel.dataset.renders = String(++this.renders);
  }

  /** The nodes that live as long as conversation {@code id} is open. */
  makeFields(id) {
    const f = {};
    f.team = h('div', { class: 'wf-row', id: 'team' });
    f.teamSelect = h('select', { id: 'team-select', 'aria-label': 'Move to team' });
    f.teamSelect.addEventListener('change', () => {
      const team = f.teamSelect.value;
      if (team) this.act(() => post('/api/conversations/' + id + '/team', { team }), 'Moved to ' + team);
    });
    f.snooze = h('div', { id: 'snooze' });
    f.snoozeCustomer = h('button', { type: 'button', id: 'snooze-customer', onclick: () => this.act(() => post('/api/conversations/' + id + '/snooze', { untilCustomerWrites: true }), 'Snoozed until the customer writes') }, 'Until the customer writes');
    f.until = h('input', { type: 'datetime-local', id: 'snooze-until', 'aria-label': 'Snooze until', value: tomorrowNine() });
    f.snoozeAt = h('div', { class: 'wf-row' }, f.until,
      h('button', { type: 'button', id: 'snooze-at', onclick: () => {
        const t = new Date(f.until.value);
        if (!f.until.value || Number.isNaN(t.getTime())) { toast('Pick a date and time', true); return; }
        this.act(() => post('/api/conversations/' + id + '/snooze', { until: t.toISOString() }), 'Snoozed until ' + t.toLocaleString());
      } }, 'Snooze'));
    f.handoff = h('div', { class: 'wf-col', id: 'handoff' });
    f.department = h('select', { id: 'handoff-department', 'aria-label': 'Department' });
    f.note = h('textarea', { id: 'handoff-note', rows: '2', placeholder: 'Note for the department', 'aria-label': 'Note for the department' });
    f.handoffSend = h('button', { type: 'button', id: 'handoff-send', onclick: () => {
      const department = f.department.value;
      this.act(async () => {
        await post('/api/conversations/' + id + '/handoff', { department, note: f.note.value.trim() || null });
        f.note.value = '';
      }, 'Handed off to ' + department);
    } }, 'Hand off');
    return f;
  }

  teamLine(f, team, teams) {
    const current = team ? team.team : null;
    const select = this.canMoveTeams() && teams.length
      ? setOptions(f.teamSelect, [['', 'Move to…'], ...teams.filter((t) => t !== current).map((t) => [t, t])])
      : null;
    // after a move (or a failed one) the picker offers a move again, unless the lead is in it now
    if (select && document.activeElement !== select) select.value = '';
    return place(f.team, h('span', { class: 'muted' }, 'Team '), h('strong', { id: 'team-name' }, current || 'none'), select ? [' ', select] : null);
  }

  clocks(sla) {
    if (!sla || !sla.policy) return h('p', { class: 'muted', id: 'sla-panel' }, 'No SLA policy applies.');
    const rows = CLOCKS.map(([key, label]) => {
      const k = sla[key] || {};
      const state = k.state || 'none';
      const detail =
        state === 'met' || state === 'missed' ? (k.at ? 'at ' + when(k.at) : '') :
        k.dueAt ? (state === 'breached' ? 'was due ' : 'due ') + when(k.dueAt) : '';
      return h('li', { class: 'sla-clock', dataset: { clock: key, state } },
        h('span', { class: 'sla-label' }, label), ' ',
        h('span', { class: 'badge sla-state sla-' + state }, state), ' ',
        h('span', { class: 'muted sla-due', title: k.dueAt ? 'Your local time; business hours in ' + sla.timeZone : '' }, detail));
    });
    return h('div', { id: 'sla-panel', dataset: { paused: String(!!sla.paused) } },
      h('ul', { class: 'sla-clocks' }, rows),
      h('p', { class: 'muted' }, 'Policy ' + sla.policy + ' · ' + sla.calendar + (sla.paused ? ' · paused since ' + when(sla.pausedAt) : '')));
  }

  snoozeControl(f, sla) {
    const snooze = sla && sla.snooze;
    if (snooze) {
      f.snooze.className = 'wf-row';
      return place(f.snooze, h('span', { id: 'snooze-state' }, snoozeText(snooze)), ' ',
        h('button', { type: 'button', id: 'unsnooze', onclick: () => this.act(() => del('/api/conversations/' + this.id + '/snooze'), 'Snooze ended') }, 'Un-snooze'));
    }
    f.snooze.className = 'wf-col';
    return place(f.snooze, f.snoozeCustomer, f.snoozeAt);
  }

  handoffControl(f, handoffs, departments) {
    const list = handoffs.length
      ? h('ul', { class: 'handoffs' }, handoffs.map((x) => h('li', { dataset: { department: x.department } },
        h('strong', {}, x.department), ' ',
        x.waiting ? h('span', { class: 'badge waiting-department' }, 'waiting') : h('span', { class: 'badge answered' }, 'answered'),
        h('span', { class: 'muted' }, ' ' + when(x.requestedAt) + ' by ' + x.requestedBy))))
      : null;
    if (!departments.length) return place(f.handoff, list || h('p', { class: 'muted' }, 'No hand-offs.'));
    setOptions(f.department, departments.map((d) => [d.name, d.name, d.address]));
    return place(f.handoff, list, f.department, f.note, f.handoffSend);
  }

  async act(call, done) {
    try {
      await call();
      toast(done);
    } catch (e) {
      toast(e.message, true);
    }
    this.changed();
  }
}

/** Tomorrow 09:00 in the browser's time zone, as a datetime-local value. */
function tomorrowNine() {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T09:00';
}
