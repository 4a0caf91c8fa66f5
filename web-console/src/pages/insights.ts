// Insights: where users struggle across all sessions (docs/INSIGHTS.md). The top elements and pages of
// the last 7 or 30 days by sessions affected, the change against the period before, and for each its
// latest replays, opening at the moment of the frustration. The period lives in the URL (?days=30).
import { api, ApiError } from '../api';
import { h, replaceChildren, viewLoader } from '../dom';
import { ago, clock, dateTime, shortUrl } from '../format';
import { shell } from '../layout';
import { setSearch, type Page, type RouteContext } from '../router';

export interface HotspotReplay {
  sessionId: string;
  timestamp: string;
  offsetMs: number;
  startedAt: string;
  durationMs: number;
  userId?: string;
}

export interface Hotspot {
  page: string;
  selector?: string;
  rageClicks: number;
  deadClicks: number;
  errorClicks: number;
  errors: number;
  quickBacks: number;
  excessiveScrolls: number;
  formAbandonments: number;
  sessions: number;
  users: number;
  previousSessions: number;
  change: number;
  replays: HotspotReplay[];
}

export interface HotspotView {
  days: 7 | 30;
  from: string;
  to: string;
  elements: Hotspot[];
  pages: Hotspot[];
}

const PERIODS = [7, 30] as const;

export function insightsPage({ search }: RouteContext): Page {
  let days: 7 | 30 = search.get('days') === '30' ? 30 : 7;
  const results = h('div', { class: 'results insights', 'aria-live': 'polite' });
  const periodButtons = PERIODS.map((period) =>
    h(
      'button',
      {
        type: 'button',
        class: 'chip',
        'data-days': period,
        'aria-pressed': String(period === days),
        onclick: () => {
          days = period;
          const next = new URLSearchParams(location.search);
          if (period === 7) next.delete('days');
          else next.set('days', String(period));
          setSearch(next);
          for (const b of periodButtons) b.setAttribute('aria-pressed', String(b.dataset.days === String(days)));
          load();
        },
      },
      `Last ${period} days`,
    ),
  );

  const { load, dispose } = viewLoader(results, {
    loading: 'Loading insights…',
    fetch: (signal) => api.hotspots(days, signal),
    render: (view) => render(view),
    failed: (e) => (e instanceof ApiError ? e.message : 'The insights could not be loaded.'),
  });

  function render(view: HotspotView) {
    if (view.pages.length === 0) {
      results.dataset.state = 'empty';
      replaceChildren(results, h('div', { class: 'state empty' }, h('p', null, `No frustrations in the last ${view.days} days.`)));
      return;
    }
    results.dataset.state = 'loaded';
    replaceChildren(
      results,
      h('p', { class: 'muted small' }, `${view.from} to ${view.to} (UTC), compared with the ${view.days} days before.`),
      section('Elements', 'elements', view.elements, true),
      section('Pages', 'pages', view.pages, false),
    );
  }

  load();
  return {
    element: shell(
      'insights',
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, 'Insights'),
        h('div', { class: 'chips', role: 'group', 'aria-label': 'Period' }, periodButtons),
      ),
      h('p', null, h('a', { href: '/insights/errors', class: 'errors-link' }, 'JavaScript errors, grouped →')),
      results,
    ),
    dispose,
  };
}

function section(title: string, kind: string, rows: Hotspot[], elements: boolean): HTMLElement {
  return h(
    'section',
    { class: 'hotspots', 'data-hotspots': kind },
    h('h2', null, elements ? 'Where users struggle: elements' : 'Where users struggle: pages'),
    rows.length === 0
      ? h('p', { class: 'muted' }, `No ${title.toLowerCase()} named in these frustrations (a plain rrweb recorder names none).`)
      : h(
          'table',
          { class: 'sessions hotspot-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, elements ? 'Element' : 'Page'),
              h('th', { class: 'num' }, 'Sessions'),
              h('th', { class: 'num' }, 'Change'),
              h('th', { class: 'num' }, 'Users'),
              h('th', null, 'Signals'),
              h('th', null, 'Latest replays'),
            ),
          ),
          h(
            'tbody',
            null,
            rows.map((row) => hotspotRow(row, elements)),
          ),
        ),
  );
}

function hotspotRow(row: Hotspot, element: boolean): HTMLElement {
  const signals = [
    ['rage_click', 'Rage', row.rageClicks],
    ['dead_click', 'Dead', row.deadClicks],
    ['error_click', 'Error click', row.errorClicks],
    ['error', 'Error', row.errors],
    ['quick_back', 'Quick back', row.quickBacks],
    ['excessive_scroll', 'Excessive scroll', row.excessiveScrolls],
    ['form_abandonment', 'Abandoned form', row.formAbandonments],
  ] as const;
  return h(
    'tr',
    { class: 'hotspot-row', 'data-page': row.page, 'data-selector': row.selector ?? null },
    h(
      'td',
      { class: 'entry' },
      element ? h('code', { class: 'selector' }, row.selector ?? '') : null,
      h('div', { class: element ? 'muted small' : '', title: row.page }, shortUrl(row.page)),
    ),
    h('td', { class: 'num', 'data-sessions': '' }, row.sessions),
    h(
      'td',
      {
        class: 'num change ' + (row.change > 0 ? 'up' : row.change < 0 ? 'down' : 'same'),
        'data-change': '',
        title: `${row.previousSessions} in the period before`,
      },
      change(row.change),
    ),
    h('td', { class: 'num' }, row.users),
    h(
      'td',
      { class: 'badges' },
      signals
        .filter(([, , n]) => n > 0)
        .map(([flag, label, n]) => h('span', { class: 'badge ' + flag, 'data-badge': flag }, `${label} ${n}`)),
    ),
    h(
      'td',
      { class: 'replays' },
      row.replays.length === 0
        ? h('span', { class: 'muted small' }, '—')
        : row.replays.map((r) =>
            h(
              'a',
              {
                href: '/sessions/' + encodeURIComponent(r.sessionId) + '?t=' + Math.max(0, Math.round(r.offsetMs)),
                class: 'replay-link',
                'data-replay': r.sessionId,
                title: `${r.userId ?? 'anonymous'} · ${dateTime(r.startedAt)}`,
              },
              `▶ ${clock(r.offsetMs)} · ${ago(r.timestamp)}`,
            ),
          ),
    ),
  );
}

/** +3, −2, ±0 */
function change(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}
