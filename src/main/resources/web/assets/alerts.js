// The channel-alert banner (ADR 0045): open alerts from GET /api/alerts, shown to everyone signed
// in until the account is UP again; admins also see what to do. Looked at again every few seconds.
import { get } from './api.js';
import { h, clear, ago } from './dom.js';

const EVERY_MS = 5000;

export function watchAlerts(banner, me) {
  const show = async () => {
    let data;
    try {
      data = await get('/api/alerts');
    } catch (e) {
      return; // the server is away: keep what is shown, try again later
    }
    clear(banner);
    for (const a of data.items) {
      const what = a.kind === 'token' ? 'its credentials were refused' : 'it is down';
      banner.append(h('div', { class: 'alert', dataset: { account: a.account, kind: a.kind } },
        h('strong', null, a.account), ' (' + a.channel + '): ' + what + ' since ' + ago(a.since)
          + '. Switchboard neither reads it nor sends replies through it'
          + (a.emailedAt ? '; the admins were emailed.' : '.'),
        me.isAdmin && a.reason ? h('div', { class: 'alert-action' }, 'Last error: ' + a.reason) : null,
        me.isAdmin && a.action ? h('div', { class: 'alert-action alert-todo' }, 'What to do: ' + a.action) : null));
    }
    banner.hidden = data.items.length === 0;
  };
  show();
  setInterval(show, EVERY_MS);
}
