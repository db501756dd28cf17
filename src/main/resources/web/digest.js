// The sentiment digest dashboard: reads /api/digest with the browser's credentials (the web
// inbox's session cookie, or HTTP Basic) and shows the same charts as the email.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    });
    children.flat().filter((c) => c != null && c !== '').forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return e;
  }

  const pct = (x) => (x == null ? '–' : Math.round(x * 100) + ' %');
  const signed = (n, unit) => (n > 0 ? '+' : n < 0 ? '−' : '±') + Math.abs(n) + unit;
  const points = (x) => (x == null ? '–' : signed(Math.round(x * 100), ' pts'));
  const change = (x) => (x == null ? 'new' : signed(Math.round(x * 100), ' %'));
  const link = (id) => el('a', { href: '/#c' + id }, '#' + id);
  // a corrected share's 90 % interval
  const range = (e) => (e == null ? '–' : Math.round(e.low * 100) + '–' + Math.round(e.high * 100) + ' %');
  const trend = (e) => (e == null || e.previous == null ? '–' : points(e.estimate - e.previous));
  const estimate = (e) => el('span', { class: 'estimate', title: '90 % interval ' + range(e) },
    pct(e && e.estimate), ' ', el('span', { class: 'muted interval' }, '(' + range(e) + ')'));

  function duration(s) {
    if (s == null) return '–';
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d) return d + ' d ' + h + ' h';
    if (h) return h + ' h ' + m + ' min';
    return m ? m + ' min' : s + ' s';
  }

  function isoDay(date) {
    return date.toISOString().slice(0, 10);
  }

  function setDays(days) {
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    $('to').value = isoDay(today);
    $('from').value = isoDay(new Date(today.getTime() - days * 86400000));
  }

  function query() {
    return '?from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value);
  }

  function showError(message, withSignIn) {
    const s = $('status');
    s.className = 'error';
    s.replaceChildren(message);
    if (withSignIn) s.append(' ', el('a', { href: '/login' }, 'Sign in'));
    s.hidden = false;
    $('digest').hidden = true;
  }

  async function load() {
    const q = query();
    history.replaceState(null, '', q);
    $('csv').href = '/api/digest.csv' + q;
    $('status').className = '';
    $('status').textContent = 'Loading…';
    $('status').hidden = false;
    let r;
    try {
      r = await fetch('/api/digest' + q, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    } catch (e) {
      showError('Switchboard cannot be reached.');
      return;
    }
    if (r.status === 401) return showError('Sign in to see the digest.', true);
    if (r.status === 403) return showError('Your role cannot read digests (marketing, lead and admin can).');
    const body = await r.json().catch(() => ({}));
    if (!r.ok) return showError(body.error || 'The digest could not be loaded (' + r.status + ').');
    render(body, q);
  }

  function breakdownRow(b, withChange) {
    return el('tr', {},
      el('td', {}, b.name), el('td', {}, b.messages),
      withChange ? el('td', {}, change(b.change)) : null,
      el('td', {}, estimate(b.shares.negative)),
      el('td', { class: trendClass(b.shares.negative) }, trend(b.shares.negative)),
      el('td', {}, estimate(b.shares.positive)));
  }

  function trendClass(e) {
    if (e == null || e.previous == null) return '';
    return e.estimate > e.previous ? 'up' : e.estimate < e.previous ? 'down' : '';
  }

  function table(id, first, rows, withChange) {
    const head = el('tr', {}, el('th', {}, first), el('th', {}, 'Messages'),
      withChange ? el('th', {}, 'Change') : null, el('th', {}, 'Negative'), el('th', {}, 'Trend'), el('th', {}, 'Positive'));
    $(id).replaceChildren(el('thead', {}, head), el('tbody', {}, rows.map((b) => breakdownRow(b, withChange))));
  }

  function card(value, label, detail, cls) {
    return el('div', { class: 'card' }, el('div', { class: 'value ' + (cls || '') }, value), el('div', {}, label),
      el('div', { class: 'muted' }, detail));
  }

  function quote(q) {
    return el('li', {}, '“' + q.text + '” ', link(q.conversationId), ' (' + q.channel + ')');
  }

  function render(d, q) {
    const t = d.total;
    $('subtitle').textContent = 'Compared with ' + d.previous.from.slice(0, 10) + ' – ' + d.previous.to.slice(0, 10)
      + (d.themesSampled ? ' · themes from the latest negative messages only' : '');
    $('cards').replaceChildren(
      card(t.messages, 'customer messages', change(t.change) + ' vs ' + t.previousMessages),
      card(pct(t.shares.negative.estimate), 'negative', '90 % interval ' + range(t.shares.negative) + ' · '
        + trend(t.shares.negative) + ' · tagged ' + pct(t.negativeShare), 'negative'),
      card(pct(t.shares.positive.estimate), 'positive', '90 % interval ' + range(t.shares.positive) + ' · '
        + trend(t.shares.positive) + ' · tagged ' + pct(t.positiveShare), 'positive'),
      card(d.urgent.conversations, 'urgent conversations', 'median first reply ' + duration(d.urgent.medianFirstReplySeconds)));
    $('themes').replaceChildren(...(d.themes.length ? d.themes.map((th) => el('li', {},
      el('strong', {}, th.label), ': ' + th.count + ' messages (' + change(th.change) + ' vs ' + th.previousCount + ')',
      th.variants.length > 1 ? el('div', { class: 'muted' }, 'also written: ' + th.variants.slice(1).join(', ')) : '',
      el('ul', { class: 'quotes' }, th.examples.map(quote)))) : [el('li', {}, 'No recurring complaint in this period.')]));
    table('channels', 'Channel', d.channels, true);
    table('languages', 'Language', d.languages, false);
    $('posts').replaceChildren(...(d.negativePublicPosts.length ? d.negativePublicPosts.map((p) => el('li', {},
      link(p.conversationId), ' ' + p.channel + ', ' + p.reach + ' messages in the thread',
      p.quote ? ': “' + p.quote.text + '”' : '')) : [el('li', {}, 'None in this period.')]));
    const l = d.listening;
    $('listening').textContent = l.posts === 0 ? 'Listening found no posts in this period.'
      : l.posts + ' posts (' + change(l.change) + ' vs ' + l.previousPosts + '): ' + l.negative + ' negative, '
        + l.neutral + ' neutral, ' + l.positive + ' positive.' + (l.widestNegative.length ? ' Negative, widest reach first:' : '');
    $('listening-posts').replaceChildren(...l.widestNegative.map((m) => el('li', {},
      link(m.conversationId), ' ' + m.channel + ', ' + m.author + (m.reach == null ? '' : ', reach ' + m.reach.toLocaleString('en')),
      m.quote ? ': “' + m.quote.text + '”' : '')));
    const u = d.urgent;
    $('urgent').textContent = u.conversations + ' urgent conversations, ' + u.answered + ' answered (median first reply '
      + duration(u.medianFirstReplySeconds) + ', slowest ' + duration(u.maxFirstReplySeconds) + '), '
      + u.unanswered + ' still without a reply.';
    $('slowest').replaceChildren(...u.slowest.map((c) => el('li', {}, link(c.conversationId),
      ' ' + c.channel + ' (' + c.urgency + '): ' + (c.seconds == null ? 'no reply yet' : 'first reply after ' + duration(c.seconds)))));
    $('praise').replaceChildren(...(d.praise.length ? d.praise.map(quote) : [el('li', {}, 'None in this period.')]));
    document.querySelectorAll('img[data-chart]').forEach((img) => {
      img.src = '/api/digest/chart/' + img.dataset.chart + '.png' + q;
    });
    $('status').hidden = true;
    $('digest').hidden = false;
  }

  document.addEventListener('DOMContentLoaded', () => {
    const params = new URLSearchParams(location.search);
    if (params.get('from') && params.get('to')) {
      $('from').value = params.get('from').slice(0, 10);
      $('to').value = params.get('to').slice(0, 10);
    } else {
      setDays(7);
    }
    $('period').addEventListener('submit', (e) => { e.preventDefault(); load(); });
    document.querySelectorAll('[data-days]').forEach((b) => b.addEventListener('click', () => {
      setDays(Number(b.dataset.days));
      load();
    }));
    load();
  });
})();
