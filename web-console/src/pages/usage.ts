// Usage: the tenant's plan, this month's sessions against its quota, and what it stored day by day
// (GET /v1/usage), with a small chart of sessions a day.
import { api } from '../api';
import { errorBox, h, replaceChildren } from '../dom';
import { plural } from '../format';
import { shell } from '../layout';
import type { Page } from '../router';
import type { Usage, UsageDay } from '../types';

const DAYS = 30;

export function usagePage(): Page {
  const body = h('div', { class: 'usage', 'data-usage-state': 'loading' }, h('p', { class: 'muted' }, 'Loading usage…'));
  let disposed = false;

  async function load() {
    body.dataset.usageState = 'loading';
    try {
      const usage = await api.usage(DAYS);
      if (disposed) return;
      show(usage);
    } catch (e) {
      if (disposed) return;
      body.dataset.usageState = 'error';
      replaceChildren(body, errorBox(e instanceof Error ? e.message : 'The usage could not be loaded.', load));
    }
  }

  function show(usage: Usage) {
    const quota = usage.plan.sessionsPerMonth;
    const used = usage.sessionsThisMonth;
    const share = quota > 0 ? Math.min(1, used / quota) : 1;
    const meter = h('div', { class: 'quota-bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': quota, 'aria-valuenow': used });
    const fill = h('div', { class: share >= 1 ? 'quota-fill full' : 'quota-fill' });
    // a CSSOM property, not a style attribute: the console's CSP allows no inline styles
    fill.style.width = (share * 100).toFixed(1) + '%';
    meter.append(fill);
    replaceChildren(
      body,
      h(
        'section',
        { class: 'card' },
        h('h2', null, 'This month (' + usage.month + ', UTC)'),
        h('p', { 'data-usage-quota': '' }, `${used.toLocaleString('en-US')} of ${quota.toLocaleString('en-US')} sessions`),
        meter,
        h(
          'p',
          { class: 'hint' },
          share >= 1
            ? 'The quota is used up: new sessions are not recorded until the month ends; sessions already started go on.'
            : `Your plan: ${quota.toLocaleString('en-US')} sessions a month, ${usage.plan.chunksPerMinute.toLocaleString('en-US')} chunks a minute. Ask your operator to change it.`,
        ),
      ),
      h('section', { class: 'card' }, h('h2', null, `Sessions a day, last ${DAYS} days`), chart(usage.days), table(usage.days)),
    );
    body.dataset.usageState = 'loaded';
  }

  void load();
  return {
    element: shell('usage', h('h1', null, 'Usage'), body),
    dispose: () => {
      disposed = true;
    },
  };
}

/** One bar per day of the last DAYS days, days without a session at zero. */
function chart(days: UsageDay[]): HTMLElement {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const today = new Date();
  const most = Math.max(1, ...days.map((d) => d.sessions));
  const bars = h('div', { class: 'usage-chart', 'aria-label': 'Sessions a day', role: 'img' });
  for (let i = DAYS - 1; i >= 0; i--) {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
    const sessions = byDay.get(date)?.sessions ?? 0;
    const bar = h('div', {
      class: 'usage-bar',
      title: `${date}: ${plural(sessions, 'session')}`,
      'data-day': date,
      'data-sessions': sessions,
    });
    bar.style.height = ((sessions / most) * 100).toFixed(1) + '%';
    bars.append(bar);
  }
  return bars;
}

function table(days: UsageDay[]): HTMLElement {
  if (!days.length) return h('p', { class: 'muted', 'data-usage-empty': '' }, 'Nothing recorded in these days yet.');
  return h(
    'table',
    { class: 'sessions usage-table' },
    h(
      'thead',
      null,
      h('tr', null, h('th', null, 'Day (UTC)'), h('th', null, 'Sessions'), h('th', null, 'Chunks'), h('th', null, 'Stored')),
    ),
    h(
      'tbody',
      null,
      [...days]
        .reverse()
        .map((d) =>
          h(
            'tr',
            { 'data-usage-day': d.day },
            h('td', null, d.day),
            h('td', null, d.sessions),
            h('td', null, d.chunks),
            h('td', null, bytes(d.bytes)),
          ),
        ),
    ),
  );
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
