// The admin page's channel accounts: what runs, what is switched off, and each one's health.
// Accounts live in config/channels/*.properties; a running one can be paused and resumed here.
// Secrets are listed by name only.
import { get, post } from './api.js';
import { h, clear, ago, when, toast } from './dom.js';

const STATE_CLASS = { UP: 'sentiment-positive', DOWN: 'sentiment-negative', PAUSED: 'sentiment-neutral' };
const REFRESH_MS = 15000;

async function load() {
  const body = document.querySelector('#channels tbody');
  if (!body) return;
  let answer;
  try {
    answer = await get('/api/admin/channels');
  } catch (e) {
    toast('Channel accounts: ' + e.message, true);
    return;
  }
  // a refresh must not close the settings the admin opened
  const opened = new Set([...body.querySelectorAll('tr[data-account] details[open]')].map((d) => d.closest('tr').dataset.account));
  clear(body);
  if (!answer.items.length) {
    body.appendChild(h('tr', {}, h('td', { colspan: '7', class: 'muted' }, 'No channel accounts are configured.')));
  }
  for (const a of answer.items) {
    const settings = Object.entries(a.settings || {});
    body.appendChild(h('tr', { dataset: { account: a.account, status: a.status }, class: a.enabled ? '' : 'muted' },
      h('td', {}, h('strong', {}, a.account), a.file ? h('div', { class: 'muted' }, a.file) : null),
      h('td', {}, a.channel),
      h('td', {}, h('span', { class: 'badge channel-state ' + (STATE_CLASS[a.status] || ''), title: a.enabled ? 'running' : 'not running' }, a.status)),
      h('td', { title: a.lastSuccessAt ? when(a.lastSuccessAt) : '' }, a.lastSuccessAt ? ago(a.lastSuccessAt) : 'never'),
      h('td', { class: 'channel-error' }, a.lastError
        ? [h('span', {}, a.lastError), h('div', { class: 'muted' }, ago(a.lastErrorAt))]
        : h('span', { class: 'muted' }, 'none')),
      h('td', {}, h('details', { open: opened.has(a.account) },
        h('summary', {}, settings.length + ' settings' + (a.secrets.length ? ', ' + a.secrets.length + ' secrets' : '')),
        h('dl', { class: 'channel-settings' },
          settings.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
          a.secrets.map((k) => [h('dt', {}, k), h('dd', { class: 'muted' }, 'set (hidden)')])))),
      h('td', {}, a.enabled ? pauseButton(a) : null)));
  }
}

function pauseButton(a) {
  const paused = a.status === 'PAUSED';
  return h('button', {
    type: 'button',
    class: 'channel-pause',
    title: paused ? 'Paused by ' + a.pausedBy + ' ' + ago(a.pausedAt) : 'Stop reading new messages until resumed (replies still go out)',
    onclick: () => setPaused(a, !paused),
  }, paused ? 'Resume' : 'Pause reading');
}

async function setPaused(a, pause) {
  try {
    await post('/api/admin/channels/' + encodeURIComponent(a.account) + (pause ? '/pause' : '/resume'), {});
    toast((pause ? 'Paused ' : 'Resumed ') + a.account);
  } catch (e) {
    toast(e.message, true);
  }
  await load();
}

document.getElementById('channels-refresh')?.addEventListener('click', load);
load();
setInterval(load, REFRESH_MS);
