// JavaScript errors grouped by fingerprint (docs/INSIGHTS.md, "Error groups"; docs/CONSOLE.md): the list of
// the last 7 or 30 days, most sessions affected first, each with a sparkline of its occurrences per day and
// its status; a group's page with its sample stack and the latest sessions that hit it, each opening the
// replay at the error. Admins resolve, ignore or reopen a group; members only read.
import { api, ApiError } from '../api';
import { h, replaceChildren, viewLoader } from '../dom';
import { ago, clock, dateTime } from '../format';
import { shell } from '../layout';
import { currentOrganization } from '../membership';
import { setSearch, type Page, type RouteContext } from '../router';

export type ErrorStatus = 'open' | 'resolved' | 'ignored' | 'regressed';

export interface ErrorGroup {
  groupId: string;
  message: string;
  status: ErrorStatus;
  occurrences: number;
  sessions: number;
  users: number;
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
  browsers: Record<string, number>;
  series: number[];
  stack?: string;
}

export interface ErrorGroupsView {
  days: 7 | 30;
  from: string;
  to: string;
  groups: ErrorGroup[];
}

export interface ErrorGroupSession {
  sessionId: string;
  timestamp: string;
  offsetMs: number;
  startedAt: string;
  durationMs: number;
  userId?: string;
  browser?: string;
}

export interface ErrorGroupDetail {
  days: 7 | 30;
  group: ErrorGroup;
  sessions: ErrorGroupSession[];
}

const PERIODS = [7, 30] as const;
const STATUS_LABELS: Record<ErrorStatus, string> = { open: 'Open', resolved: 'Resolved', ignored: 'Ignored', regressed: 'Regressed' };
const SVG = 'http://www.w3.org/2000/svg';

function periodOf(search: URLSearchParams): 7 | 30 {
  return search.get('days') === '30' ? 30 : 7;
}

/** Chips for the period; the choice goes into the URL (?days=30) and calls `changed`. */
function periodChips(days: () => 7 | 30, choose: (d: 7 | 30) => void): HTMLElement {
  const buttons: HTMLButtonElement[] = PERIODS.map((period) =>
    h(
      'button',
      {
        type: 'button',
        class: 'chip',
        'data-days': period,
        'aria-pressed': String(period === days()),
        onclick: () => {
          const next = new URLSearchParams(location.search);
          if (period === 7) next.delete('days');
          else next.set('days', String(period));
          setSearch(next);
          choose(period);
          for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.days === String(days())));
        },
      },
      `Last ${period} days`,
    ),
  );
  return h('div', { class: 'chips', role: 'group', 'aria-label': 'Period' }, buttons);
}

/** A small inline SVG of the occurrences per day, oldest on the left. */
export function sparkline(series: number[]): SVGSVGElement {
  const width = 80;
  const height = 20;
  const max = Math.max(1, ...series);
  const step = series.length > 1 ? width / (series.length - 1) : width;
  const points = series.map((n, i) => `${(i * step).toFixed(1)},${(height - 1 - (n / max) * (height - 2)).toFixed(1)}`).join(' ');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Occurrences per day: ${series.join(', ')}`);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  line.setAttribute('stroke-width', '1.5');
  svg.appendChild(line);
  return svg;
}

function statusBadge(status: ErrorStatus): HTMLElement {
  return h('span', { class: 'badge status-' + status, 'data-status': status }, STATUS_LABELS[status]);
}

function browsers(group: ErrorGroup): string {
  const entries = Object.entries(group.browsers).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '—' : entries.map(([name, n]) => `${name} ${n}`).join(', ');
}

function groupLink(group: ErrorGroup, days: 7 | 30): string {
  return '/insights/errors/' + encodeURIComponent(group.groupId) + (days === 30 ? '?days=30' : '');
}

export function errorsPage({ search }: RouteContext): Page {
  let days = periodOf(search);
  const results = h('div', { class: 'results errors', 'aria-live': 'polite' });

  const { load, dispose } = viewLoader(results, {
    loading: 'Loading errors…',
    fetch: (signal) => api.errorGroups(days, signal),
    render: (view) => render(view),
    failed: (e) => (e instanceof ApiError ? e.message : 'The errors could not be loaded.'),
  });

  function render(view: ErrorGroupsView) {
    if (view.groups.length === 0) {
      results.dataset.state = 'empty';
      replaceChildren(results, h('div', { class: 'state empty' }, h('p', null, `No JavaScript errors in the last ${view.days} days.`)));
      return;
    }
    results.dataset.state = 'loaded';
    replaceChildren(
      results,
      h('p', { class: 'muted small' }, `${view.from} to ${view.to} (UTC), most sessions affected first.`),
      h(
        'table',
        { class: 'sessions error-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, 'Error'),
            h('th', { class: 'num' }, 'Count'),
            h('th', { class: 'num' }, 'Sessions'),
            h('th', { class: 'num' }, 'Users'),
            h('th', null, 'Per day'),
            h('th', null, 'First seen'),
            h('th', null, 'Last seen'),
            h('th', null, 'Browsers'),
            h('th', null, 'Status'),
          ),
        ),
        h(
          'tbody',
          null,
          view.groups.map((g) =>
            h(
              'tr',
              { class: 'error-row', 'data-group': g.groupId },
              h(
                'td',
                { class: 'entry' },
                h('a', { href: groupLink(g, view.days), class: 'error-link' }, h('code', null, g.message || '(no message)')),
              ),
              h('td', { class: 'num', 'data-occurrences': '' }, g.occurrences),
              h('td', { class: 'num', 'data-sessions': '' }, g.sessions),
              h('td', { class: 'num', 'data-users': '' }, g.users),
              h('td', null, sparkline(g.series)),
              h('td', { title: dateTime(g.firstSeen) }, ago(g.firstSeen)),
              h('td', { title: dateTime(g.lastSeen) }, ago(g.lastSeen)),
              h('td', { class: 'small' }, browsers(g)),
              h('td', null, statusBadge(g.status)),
            ),
          ),
        ),
      ),
    );
  }

  load();
  return {
    element: shell(
      'insights',
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, 'JavaScript errors'),
        periodChips(
          () => days,
          (d) => {
            days = d;
            load();
          },
        ),
      ),
      h('p', null, h('a', { href: '/insights' }, '← Insights')),
      results,
    ),
    dispose,
  };
}

export function errorGroupPage({ params, search }: RouteContext): Page {
  const groupId = params.id;
  const days = periodOf(search);
  const results = h('div', { class: 'results error-group', 'aria-live': 'polite' });

  const { load, dispose } = viewLoader(results, {
    loading: 'Loading the error…',
    fetch: (signal) => Promise.all([api.errorGroup(groupId, days, signal), currentOrganization()]),
    // api keys (no organization) and admins may change the status; members only read
    render: ([detail, organization]) => render(detail, !organization || organization.role !== 'member'),
    failed: (e) =>
      e instanceof ApiError && e.status === 404
        ? 'No such error group.'
        : e instanceof ApiError
          ? e.message
          : 'The error could not be loaded.',
  });

  function statusButtons(group: ErrorGroup): HTMLElement {
    const problem = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const change = async (status: 'resolved' | 'ignored' | 'open', button: HTMLButtonElement) => {
      button.disabled = true;
      try {
        await api.changeErrorGroup(group.groupId, status);
        await load();
      } catch (e) {
        button.disabled = false;
        problem.hidden = false;
        problem.textContent = e instanceof ApiError ? e.message : 'The status could not be changed.';
      }
    };
    const button = (status: 'resolved' | 'ignored' | 'open', label: string) => {
      const b: HTMLButtonElement = h(
        'button',
        { type: 'button', class: 'button', 'data-set-status': status, onclick: () => change(status, b) },
        label,
      );
      return b;
    };
    const open = group.status === 'open' || group.status === 'regressed';
    return h(
      'div',
      { class: 'status-actions' },
      open ? [button('resolved', 'Resolve'), button('ignored', 'Ignore')] : button('open', 'Reopen'),
      problem,
    );
  }

  function render(detail: ErrorGroupDetail, mayChange: boolean) {
    const g = detail.group;
    results.dataset.state = 'loaded';
    results.dataset.status = g.status;
    replaceChildren(
      results,
      h('h2', { class: 'error-message' }, h('code', null, g.message || '(no message)')),
      h(
        'p',
        { class: 'error-summary' },
        statusBadge(g.status),
        ' ',
        `${g.occurrences} in ${g.sessions} ${g.sessions === 1 ? 'session' : 'sessions'}, ${g.users} ${g.users === 1 ? 'user' : 'users'} in the last ${detail.days} days · first seen ${dateTime(g.firstSeen)} · last seen ${dateTime(g.lastSeen)}`,
        g.resolvedAt ? ` · resolved ${dateTime(g.resolvedAt)}` : '',
        ' ',
        sparkline(g.series),
      ),
      h('p', { class: 'muted small' }, 'Browsers: ', browsers(g)),
      mayChange ? statusButtons(g) : null,
      h('h3', null, 'Stack'),
      g.stack ? h('pre', { class: 'stack', 'data-stack': '' }, g.stack) : h('p', { class: 'muted' }, 'The error came without a stack.'),
      h(
        'h3',
        null,
        'Latest sessions ',
        h(
          'a',
          { href: '/sessions?errorGroup=' + encodeURIComponent(g.groupId), class: 'small all-sessions', 'data-all-sessions': '' },
          'all sessions with this error →',
        ),
      ),
      detail.sessions.length === 0
        ? h('p', { class: 'muted' }, 'No session that hit it is still kept.')
        : h(
            'ul',
            { class: 'error-sessions' },
            detail.sessions.map((s) =>
              h(
                'li',
                null,
                h(
                  'a',
                  {
                    href: '/sessions/' + encodeURIComponent(s.sessionId) + '?t=' + Math.max(0, Math.round(s.offsetMs)),
                    class: 'replay-link',
                    'data-replay': s.sessionId,
                  },
                  `▶ ${clock(s.offsetMs)} into a session of ${dateTime(s.startedAt)}`,
                ),
                h(
                  'span',
                  { class: 'muted small' },
                  ` · ${s.userId ?? 'anonymous'}${s.browser ? ' · ' + s.browser : ''} · ${ago(s.timestamp)}`,
                ),
              ),
            ),
          ),
    );
  }

  load();
  return {
    element: shell(
      'insights',
      h('div', { class: 'page-head' }, h('h1', null, 'JavaScript error')),
      h('p', null, h('a', { href: '/insights/errors' + (days === 30 ? '?days=30' : '') }, '← All errors')),
      results,
    ),
    dispose,
  };
}
