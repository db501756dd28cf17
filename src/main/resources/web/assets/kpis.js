// The team KPI page: a period picker and one table per grouping, all read from GET /api/kpis.
import { get, post, useCsrfToken } from './api.js';
import { h, clear } from './dom.js';

const $ = (id) => document.getElementById(id);
const GROUPS = ['agent', 'team', 'channel'];
const DAY = 86400000;

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

/** "2h 05m", "14m", "35s" from seconds; a dash for nothing measured. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 60) return s + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm';
  const hours = Math.floor(m / 60);
  if (hours < 48) return hours + 'h ' + String(m % 60).padStart(2, '0') + 'm';
  return Math.floor(hours / 24) + 'd ' + (hours % 24) + 'h';
}

function pct(share) {
  return share === null || share === undefined ? '–' : Math.round(share * 100) + '%';
}

function times(d) {
  return [duration(d.medianSeconds), h('span', { class: 'sub' }, d.count ? '(' + duration(d.averageSeconds) + ') n=' + d.count : '')];
}

function ratio(s) {
  return [pct(s.share), h('span', { class: 'sub' }, s.total ? s.hits + ' / ' + s.total : '')];
}

function row(g, total) {
  return h('tr', { class: total ? 'total' : null, dataset: { key: g.key } },
    h('td', {}, g.key),
    h('td', { dataset: { kpi: 'frt' } }, times(g.firstResponse)),
    h('td', { dataset: { kpi: 'resolution' } }, times(g.resolution)),
    h('td', { dataset: { kpi: 'handle' } }, times(g.handle)),
    h('td', { dataset: { kpi: 'fcr' } }, ratio(g.firstContactResolution)),
    h('td', { dataset: { kpi: 'sla' } }, ratio(g.sla.overall)),
    h('td', { dataset: { kpi: 'csat' } }, g.csat.average === null ? '–' : g.csat.average.toFixed(2),
      h('span', { class: 'sub' }, g.csat.ratings ? pct(g.csat.satisfied.share) + ' 4–5, n=' + g.csat.ratings : '')),
    h('td', { dataset: { kpi: 'nps' } }, nps(g.nps)));
}

/** NPS: promoters % minus detractors %, with the counts behind it. */
function nps(n) {
  if (!n || !n.responses) return '–';
  return [(n.score > 0 ? '+' : '') + Math.round(n.score),
    h('span', { class: 'sub' }, n.promoters + ' promoters, ' + n.passives + ' passives, ' + n.detractors + ' detractors')];
}

function comments(report) {
  const el = $('nps-comments');
  clear(el);
  if (!report.npsComments.length) {
    el.appendChild(h('li', { class: 'muted' }, 'No comments in this period.'));
    return;
  }
  for (const c of report.npsComments) {
    el.appendChild(h('li', { class: 'nps-' + c.category, dataset: { category: c.category, conversation: c.conversationId } },
      h('strong', {}, String(c.score)), ' ', h('span', { class: 'badge' }, c.category), ' ',
      h('span', { class: 'comment' }, c.comment), ' ',
      h('span', { class: 'sub' }, c.channel + (c.team ? ' · ' + c.team : '') + (c.agent ? ' · ' + c.agent : ''))));
  }
}

function table(el, report, label) {
  clear(el).appendChild(h('thead', {}, h('tr', {},
    h('th', {}, label), h('th', {}, 'First response'), h('th', {}, 'Resolution'), h('th', {}, 'Handle time'),
    h('th', {}, 'FCR'), h('th', {}, 'SLA met'), h('th', {}, 'CSAT'), h('th', {}, 'NPS'))));
  const body = h('tbody', {});
  for (const g of report.groups) body.appendChild(row(g, false));
  if (!report.groups.length) body.appendChild(h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'Nothing in this period.')));
  body.appendChild(row(report.total, true));
  el.appendChild(body);
}

function query(group) {
  const from = $('from').value;
  const to = isoDay(new Date(Date.parse($('to').value) + DAY));
  return new URLSearchParams({ from, to, groupBy: group }).toString();
}

async function load() {
  $('status').textContent = 'Loading…';
  try {
    const reports = await Promise.all(GROUPS.map((g) => get('/api/kpis?' + query(g))));
    GROUPS.forEach((g, i) => table($('kpis-' + g), reports[i], g[0].toUpperCase() + g.slice(1)));
    comments(reports[0]);
    for (const a of document.querySelectorAll('a[data-csv]')) a.href = '/api/kpis.csv?' + query(a.dataset.csv);
    $('status').textContent = 'Period ' + $('from').value + ' to ' + $('to').value + '.';
    document.body.dataset.loaded = 'true';
  } catch (e) {
    $('status').textContent = 'Cannot load KPIs: ' + e.message;
  }
}

/** The last {@code days} days up to and including today. */
function preset(days) {
  const today = new Date(isoDay(new Date()));
  $('to').value = isoDay(today);
  $('from').value = isoDay(new Date(today.getTime() - (days - 1) * DAY));
}

async function start() {
  const me = await get('/api/me');
  useCsrfToken(me.csrfToken);
  $('me').textContent = me.displayName || me.username;
  $('logout').addEventListener('click', async () => {
    await post('/logout').catch(() => null);
    window.location.assign('/login?m=signed-out');
  });
  const params = new URLSearchParams(window.location.search);
  preset(7);
  if (params.get('from')) $('from').value = params.get('from');
  if (params.get('to')) $('to').value = params.get('to');
  $('period').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  for (const b of document.querySelectorAll('[data-days]')) {
    b.addEventListener('click', () => {
      preset(Number(b.dataset.days));
      load();
    });
  }
  await load();
}

start();
