// The inbox page: the list with views, filters, search and sort; live updates; keyboard shortcuts.
import { get, post, useCsrfToken } from './api.js';
import {
  h, clear, ago, waited, debounce, toast, channelBadge, visibilityBadge, sentimentBadge,
  urgencyBadge, languageBadge,
} from './dom.js';
import { Conversation } from './conversation.js';
import { decorateList } from './workflow.js';
import { watchAlerts } from './alerts.js';

const FILTERS = ['status', 'channel', 'sentiment', 'urgency', 'language', 'assignee', 'tag', 'sort'];
const VIEWS = ['all', 'mine', 'unassigned', 'urgent', 'listening'];

const state = {
  me: null,
  view: 'all',
  q: '',
  filters: { status: 'open', sort: 'recent' },
  items: [],
  total: 0,
  totalExact: true,
  selectedId: null,
  loading: 0,
};

const $ = (id) => document.getElementById(id);
let conversation;

async function start() {
  let me;
  try {
    me = await get('/api/me');
  } catch (e) {
    window.location.assign('/login');
    return;
  }
  state.me = me;
  useCsrfToken(me.csrfToken);
  $('me').textContent = me.displayName || me.username;
  $('me').title = 'Signed in as ' + me.username + ' (' + me.role + ')';
  $('admin-link').hidden = !me.isAdmin;
  $('digest-link').hidden = !['marketing', 'lead', 'admin'].includes(me.role);
  $('kpis-link').hidden = !['lead', 'admin'].includes(me.role);
  document.body.dataset.role = me.role;
  watchAlerts($('alerts'), me);

  conversation = new Conversation($('conversation'), me, {
    changed: () => refreshList(),
    openOther: (id) => select(id, true),
  });
  readUrl();
  wireControls();
  await loadAssignees();
  await refreshList();
  const fromHash = Number((window.location.hash.match(/^#c(\d+)$/) || [])[1]);
  if (fromHash) select(fromHash, true);
  live();
}

function readUrl() {
  const p = new URLSearchParams(window.location.search);
  if (VIEWS.includes(p.get('view'))) state.view = p.get('view');
  state.q = p.get('q') || '';
  for (const f of FILTERS) {
    if (p.has(f)) state.filters[f] = p.get(f);
  }
}

function writeUrl() {
  const p = new URLSearchParams();
  if (state.view !== 'all') p.set('view', state.view);
  if (state.q) p.set('q', state.q);
  for (const f of FILTERS) {
    const v = state.filters[f];
    if (v !== undefined && v !== null && !(f === 'sort' && v === 'recent')) p.set(f, v);
  }
  const query = p.toString();
  const hash = state.selectedId ? '#c' + state.selectedId : '';
  history.replaceState(null, '', '/' + (query ? '?' + query : '') + hash);
}

function wireControls() {
  for (const b of $('views').querySelectorAll('button')) {
    b.addEventListener('click', () => setView(b.dataset.view));
  }
  for (const f of FILTERS) {
    const el = $('f-' + f);
    el.value = state.filters[f] !== undefined ? state.filters[f] : el.value;
    state.filters[f] = el.value;
    el.addEventListener(f === 'tag' ? 'input' : 'change', f === 'tag' ? debounce(onFilter, 300) : onFilter);
  }
  $('search').value = state.q;
  $('search').addEventListener('input', debounce(() => {
    state.q = $('search').value.trim();
    refreshList();
  }, 250));
  $('logout').addEventListener('click', logout);
  $('help-button').addEventListener('click', toggleHelp);
  document.addEventListener('keydown', shortcuts);
  markView();
}

function onFilter() {
  for (const f of FILTERS) state.filters[f] = $('f-' + f).value.trim();
  refreshList();
}

function setView(view) {
  state.view = view;
  // a view is a preset: the assignee and urgency filters follow it
  if (view === 'mine') state.filters.assignee = 'me';
  if (view === 'unassigned') state.filters.assignee = 'none';
  if (view === 'urgent') {
    state.filters.urgency = 'urgent,high';
    state.filters.sort = 'urgency';
  }
  if (view === 'all' || view === 'listening') {
    state.filters.assignee = '';
    state.filters.urgency = '';
  }
  for (const f of FILTERS) $('f-' + f).value = state.filters[f] || '';
  if (!$('f-sort').value) $('f-sort').value = 'recent';
  markView();
  refreshList();
}

function markView() {
  for (const b of $('views').querySelectorAll('button')) {
    b.classList.toggle('active', b.dataset.view === state.view);
    b.setAttribute('aria-pressed', String(b.dataset.view === state.view));
  }
}

async function loadAssignees() {
  try {
    const people = await get('/api/assignees');
    const select = $('f-assignee');
    for (const p of people.items) {
      if (p.username === state.me.username) continue;
      select.appendChild(h('option', { value: p.username }, p.displayName || p.username));
    }
    if (state.filters.assignee) select.value = state.filters.assignee;
    conversation.setAssignees(people.items);
  } catch (e) {
    // the list works without it
  }
}

let listSeq = 0;

async function refreshList() {
  const seq = ++listSeq;
  const p = new URLSearchParams();
  for (const f of FILTERS) {
    if (state.filters[f]) p.set(f, state.filters[f]);
  }
  if (state.q) p.set('q', state.q);
  // posts found by listening have their own view; the others show what was written to us (ADR 0041)
  p.set('kind', state.view === 'listening' ? 'mention' : 'message');
  p.set('limit', '200');
  writeUrl();
  let page;
  try {
    page = await get('/api/conversations?' + p.toString());
  } catch (e) {
    if (seq === listSeq) $('list-summary').textContent = 'Cannot load conversations: ' + e.message;
    return;
  }
  if (seq !== listSeq) return;
  state.items = page.items;
  state.total = page.total;
  state.totalExact = page.totalExact !== false;
  renderList();
}

function renderList() {
  const list = clear($('conversation-list'));
  const shown = state.items.length;
  $('list-summary').textContent =
    state.total === 0 ? 'No conversations match.' :
    !state.totalExact ? shown + ' of ' + state.total.toLocaleString('en') + '+ conversations' :
    shown < state.total ? shown + ' of ' + state.total + ' conversations' :
    state.total + (state.total === 1 ? ' conversation' : ' conversations');
  for (const c of state.items) {
    list.appendChild(listItem(c));
  }
  decorateList(list, state.items.map((c) => c.id));
}

/**
 * A search's fragment (ADR 0037): escaped text with the matching words in <mark>. It is read back
 * into text nodes and <mark> elements, so no markup of the customer's ever reaches the page.
 */
function highlighted(fragment) {
  const entity = { quot: '"', amp: '&', lt: '<', gt: '>' };
  const text = (s) => s.replace(/&(quot|amp|lt|gt|#\d+|#x[0-9a-fA-F]+);/g, (_, e) => (e[0] !== '#' ? entity[e]
    : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))));
  return fragment.split(/(<mark>.*?<\/mark>)/).filter((p) => p !== '').map((p) =>
    (p.startsWith('<mark>') ? h('mark', null, text(p.slice(6, -7))) : text(p)));
}

function listItem(c) {
  const tags = (c.tags || []).map((t) => h('span', { class: 'tag' }, t));
  const li = h('li', {
      class: 'conv' + (c.id === state.selectedId ? ' selected' : ''),
      dataset: { id: c.id, channel: c.channel, sentiment: c.sentiment || '', urgency: c.urgency || '' },
      tabindex: '-1',
      onclick: () => select(c.id, true),
    },
    h('div', { class: 'conv-line' },
      channelBadge(c.channel),
      visibilityBadge(c.isPublic),
      h('span', { class: 'contact-name' }, c.contact.name || c.contact.handle || 'unknown'),
      h('time', { class: 'conv-time', datetime: c.lastMessageAt, title: new Date(c.lastMessageAt).toLocaleString() }, ago(c.lastMessageAt))),
    h('div', { class: 'conv-subject' }, c.subject || '(no subject)'),
    c.highlight ? h('div', { class: 'conv-preview conv-highlight' }, highlighted(c.highlight))
      : c.preview ? h('div', { class: 'conv-preview' }, c.preview) : null,
    h('div', { class: 'conv-line badges' },
      sentimentBadge(c.sentiment),
      urgencyBadge(c.urgency, c.urgencyReasons),
      languageBadge(c.language),
      c.status !== 'open' ? h('span', { class: 'badge status status-' + c.status }, c.status) : null,
      c.waitingSince && c.status === 'open' ? h('span', { class: 'waiting', title: 'Waiting for our answer since ' + new Date(c.waitingSince).toLocaleString() }, 'waiting ' + waited(c.waitingSince)) : null,
      c.assignee ? h('span', { class: 'assignee', title: 'Assigned to ' + c.assignee }, '@' + c.assignee) : null,
      tags,
      c.kind === 'mention' ? listening(c) : null));
  return li;
}

/** A listening post's reach and its dismiss button (answering is in the conversation pane). */
function listening(c) {
  const reach = typeof c.reach === 'number'
    ? h('span', { class: 'badge reach', title: 'Reach: the author\'s followers' }, c.reach.toLocaleString('en') + ' reach')
    : null;
  const dismiss = c.status === 'closed' || state.me.role === 'marketing' ? null : h('button', {
    type: 'button',
    class: 'dismiss',
    title: 'Needs no answer: close it',
    onclick: async (e) => {
      e.stopPropagation();
      try {
        await post('/api/conversations/' + c.id + '/dismiss');
        toast('Dismissed');
        refreshList();
      } catch (err) {
        toast('Cannot dismiss: ' + err.message);
      }
    },
  }, 'Dismiss');
  return [reach, dismiss];
}

function select(id, open) {
  state.selectedId = id;
  for (const li of $('conversation-list').children) {
    li.classList.toggle('selected', Number(li.dataset.id) === id);
    if (Number(li.dataset.id) === id) li.scrollIntoView({ block: 'nearest' });
  }
  writeUrl();
  if (open) conversation.open(id);
}

function move(step) {
  if (!state.items.length) return;
  const i = state.items.findIndex((c) => c.id === state.selectedId);
  const next = i < 0 ? (step > 0 ? 0 : state.items.length - 1) : Math.min(state.items.length - 1, Math.max(0, i + step));
  select(state.items[next].id, true);
}

function typing(target) {
  const t = target && target.tagName;
  return t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT' || (target && target.isContentEditable);
}

function shortcuts(e) {
  if (e.key === 'Escape') {
    if (!$('help').hidden) toggleHelp();
    if (typing(e.target)) e.target.blur();
    return;
  }
  if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
  switch (e.key) {
    case 'j': move(1); break;
    case 'k': move(-1); break;
    case 'r': conversation.focusComposer('reply'); break;
    case 'n': conversation.focusComposer('note'); break;
    case 'e': conversation.resolve(); break;
    case '/': $('search').focus(); $('search').select(); break;
    case '?': toggleHelp(); break;
    default: return;
  }
  e.preventDefault();
}

function toggleHelp() {
  $('help').hidden = !$('help').hidden;
}

async function logout() {
  try {
    await post('/logout');
  } catch (e) {
    // signed out either way once the cookie is gone
  }
  window.location.assign('/login?m=signed-out');
}

function live() {
  const indicator = $('live');
  const refreshSoon = debounce(refreshList, 300);
  const source = new EventSource('/api/events');
  source.addEventListener('ready', () => {
    indicator.classList.add('on');
    indicator.title = 'Live updates: on';
  });
  source.addEventListener('error', () => {
    indicator.classList.remove('on');
    indicator.title = 'Live updates: reconnecting';
  });
  const onChange = (e) => {
    const data = JSON.parse(e.data);
    refreshSoon();
    conversation.changedElsewhere(data);
    if (e.type === 'message' && data.direction === 'in' && data.conversationId !== state.selectedId) {
      toast('New message');
    }
  };
  for (const type of ['message', 'activity', 'delivery']) source.addEventListener(type, onChange);
}

start();
