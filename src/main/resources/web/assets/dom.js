// Building DOM from data. Customer content only ever goes in as text (textContent), never markup.

/**
 * h('div', {class: 'x', onclick: fn, title: 't'}, child, 'text', [more]) — strings become text
 * nodes; null and false children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.className = v;
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value') {
      el.value = v;
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
}

/**
 * Makes {@code parent}'s children exactly {@code children} (nodes, strings, arrays; null skipped)
 * while moving as little as possible: nodes no longer wanted are removed first, then new ones are
 * inserted around the ones that stay. A node that stays is never detached, so a field the user is
 * typing into keeps its focus, caret, selection and value across a re-render.
 */
export function place(parent, ...children) {
  const want = [];
  flatten(children, want);
  const keep = new Set(want);
  for (const n of [...parent.childNodes]) {
    if (!keep.has(n)) parent.removeChild(n);
  }
  let at = parent.firstChild;
  for (const n of want) {
    if (n === at) {
      at = at.nextSibling;
    } else {
      parent.insertBefore(n, at);
    }
  }
  return parent;
}

function flatten(children, out) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) {
      flatten(c, out);
    } else {
      out.push(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
}

/**
 * Gives a select the options [[value, label, title?], …] unless it already has exactly those: the
 * same select node stays, and so does its value when that option is still there.
 */
export function setOptions(select, options) {
  const now = JSON.stringify([...select.options].map((o) => [o.value, o.textContent, o.title || '']));
  if (now === JSON.stringify(options.map(([v, l, t]) => [v, l, t || '']))) return select;
  const value = select.value;
  clear(select).append(...options.map(([v, l, t]) => h('option', { value: v, title: t || null }, l)));
  if (options.some(([v]) => v === value)) select.value = value;
  return select;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** "5 min ago", "yesterday", or a date for older ones. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const t = Date.parse(iso);
  const s = Math.round((t - now) / 1000);
  const a = Math.abs(s);
  if (a < 60) return RELATIVE.format(s, 'second');
  if (a < 3600) return RELATIVE.format(Math.round(s / 60), 'minute');
  if (a < 86400) return RELATIVE.format(Math.round(s / 3600), 'hour');
  if (a < 86400 * 7) return RELATIVE.format(Math.round(s / 86400), 'day');
  return new Date(t).toLocaleDateString();
}

/** "3 h", "2 d": how long something has been waiting. */
export function waited(iso, now = Date.now()) {
  if (!iso) return '';
  const m = Math.max(0, Math.round((now - Date.parse(iso)) / 60000));
  if (m < 60) return m + ' min';
  if (m < 60 * 48) return Math.round(m / 60) + ' h';
  return Math.round(m / 1440) + ' d';
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export const CHANNELS = { email: 'Email', x: 'X', facebook: 'Facebook', instagram: 'Instagram' };

export function channelBadge(channel) {
  return h('span', { class: 'badge channel channel-' + channel, title: 'Channel' }, CHANNELS[channel] || channel);
}

export function visibilityBadge(isPublic) {
  return isPublic
    ? h('span', { class: 'badge public', title: 'Public: everyone can read it' }, 'public')
    : h('span', { class: 'badge private', title: 'Private message' }, 'private');
}

export function sentimentBadge(sentiment, score) {
  if (!sentiment) return null;
  const title = 'Sentiment' + (typeof score === 'number' ? ' (' + Math.round(score * 100) + '% sure)' : '');
  return h('span', { class: 'badge sentiment sentiment-' + sentiment, title }, sentiment);
}

export function urgencyBadge(urgency, reasons) {
  if (!urgency) return null;
  const list = reasons && reasons.length ? reasons.join('\n') : 'no reasons given';
  return h('span', { class: 'badge urgency urgency-' + urgency, title: 'Urgency: ' + urgency + '\n' + list }, urgency);
}

export function languageBadge(language) {
  return language ? h('span', { class: 'badge language', title: 'Language' }, language) : null;
}

let toastTimer = null;

export function toast(message, isError) {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = message;
  el.className = 'toast' + (isError ? ' error' : '');
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, isError ? 6000 : 2500);
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
