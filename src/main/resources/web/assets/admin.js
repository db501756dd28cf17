// The admin page: users (create, role, disable, reset password) and API tokens (create once, revoke).
import { get, post, patch, del, useCsrfToken } from './api.js';
import { h, clear, when, toast } from './dom.js';

const ROLES = ['agent', 'lead', 'marketing', 'admin'];
const $ = (id) => document.getElementById(id);
let me;

async function start() {
  me = await get('/api/me');
  useCsrfToken(me.csrfToken);
  $('me').textContent = me.displayName || me.username;
  $('logout').addEventListener('click', async () => {
    await post('/logout').catch(() => null);
    window.location.assign('/login?m=signed-out');
  });
  $('new-user').addEventListener('submit', createUser);
  $('new-token').addEventListener('submit', createToken);
  await Promise.all([loadUsers(), loadTokens()]);
}

async function loadUsers() {
  const users = (await get('/api/admin/users')).items;
  const body = clear($('users').querySelector('tbody'));
  const tokenUser = clear($('token-user'));
  for (const u of users) {
    const role = h('select', { 'aria-label': 'Role of ' + u.username, onchange: (e) => update(u, { role: e.target.value }) },
      ROLES.map((r) => h('option', { value: r }, r)));
    role.value = u.role;
    body.appendChild(h('tr', { dataset: { user: u.username } },
      h('td', {}, h('strong', {}, u.username)),
      h('td', {}, u.displayName || ''),
      h('td', {}, role),
      h('td', {}, u.disabled ? h('span', { class: 'badge sentiment-negative' }, 'disabled') : h('span', { class: 'badge sentiment-positive' }, 'active')),
      h('td', {},
        h('button', { type: 'button', onclick: () => update(u, { disabled: !u.disabled }) }, u.disabled ? 'Enable' : 'Disable'), ' ',
        h('button', { type: 'button', onclick: () => resetPassword(u) }, 'Reset password'))));
    if (!u.disabled) tokenUser.appendChild(h('option', { value: u.username }, u.username));
  }
  tokenUser.value = me.username;
}

async function update(u, change) {
  try {
    await patch('/api/admin/users/' + u.id, change);
    toast('Saved ' + u.username);
  } catch (e) {
    toast(e.message, true);
  }
  await loadUsers();
}

async function resetPassword(u) {
  const password = window.prompt('New password for ' + u.username + ' (10 or more characters)');
  if (password) await update(u, { password });
}

async function createUser(e) {
  e.preventDefault();
  const f = new FormData(e.target);
  try {
    await post('/api/admin/users', Object.fromEntries(f.entries()));
    e.target.reset();
    toast('User added');
  } catch (err) {
    toast(err.message, true);
  }
  await loadUsers();
}

async function loadTokens() {
  const tokens = (await get('/api/admin/tokens')).items;
  const body = clear($('tokens').querySelector('tbody'));
  for (const t of tokens) {
    body.appendChild(h('tr', { class: t.revokedAt ? 'muted' : '' },
      h('td', {}, t.name),
      h('td', {}, t.username),
      h('td', {}, h('code', {}, t.prefix + '…')),
      h('td', {}, when(t.createdAt) + ' by ' + t.createdBy),
      h('td', {}, t.lastUsedAt ? when(t.lastUsedAt) : 'never'),
      h('td', {}, t.revokedAt ? 'revoked' : h('button', { type: 'button', onclick: () => revoke(t) }, 'Revoke'))));
  }
}

async function createToken(e) {
  e.preventDefault();
  const f = new FormData(e.target);
  try {
    const t = await post('/api/admin/tokens', Object.fromEntries(f.entries()));
    const box = $('new-token-secret');
    clear(box).append('New token for ' + t.username + ' (shown once, copy it now): ', h('strong', { id: 'new-token-value' }, t.token));
    box.hidden = false;
    e.target.reset();
    $('token-user').value = me.username;
  } catch (err) {
    toast(err.message, true);
  }
  await loadTokens();
}

async function revoke(t) {
  try {
    await del('/api/admin/tokens/' + t.id);
    toast('Revoked');
  } catch (e) {
    toast(e.message, true);
  }
  await loadTokens();
}

start().catch((e) => toast(e.message, true));
