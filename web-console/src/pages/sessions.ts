// The session list: newest first, filtered by frustration signals, dates, URL, duration, user and
// browser. The filters live in the URL (see filters.ts), so a view can be shared.
import { api, ApiError } from '../api';
import { BROWSER_SUGGESTIONS, FLAGS, LIST_REFRESH_MS, MIN_DURATION_CHOICES, SESSIONS_PAGE_SIZE, STORAGE_LIST_QUERY } from '../constants';
import { copyButton, errorBox, h, replaceChildren } from '../dom';
import { filtersToApiQuery, filtersToSearch, hasFilters, parseFilters, type SessionFilters } from '../filters';
import { ago, dateTime, duration, plural, shortUrl } from '../format';
import { shell } from '../layout';
import { navigate, setSearch, type Page, type RouteContext } from '../router';
import type { SessionPage, SessionSummary } from '../types';

export function sessionsPage({ search }: RouteContext): Page {
  let filters: SessionFilters = parseFilters(search);
  /** Cursors of the pages before this one, for "Newer" without a round trip through history. */
  const newerCursors: (string | undefined)[] = [];
  let inFlight: AbortController | null = null;
  let shown = '';

  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const updated = h('span', { class: 'muted small' });
  const form = filterForm();

  function apply(change: Partial<SessionFilters>) {
    filters = { ...filters, ...change, cursor: undefined };
    newerCursors.length = 0;
    setSearch(filtersToSearch(filters));
    syncForm();
    load(false);
  }

  function goToCursor(cursor: string | undefined) {
    filters = { ...filters, cursor };
    setSearch(filtersToSearch(filters));
    load(false);
    window.scrollTo(0, 0);
  }

  async function load(silent: boolean) {
    // A background refresh never replaces a load the user is waiting for.
    if (silent && inFlight && results.dataset.state === 'loading') return;
    sessionStorage.setItem(STORAGE_LIST_QUERY, location.search);
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    if (!silent) {
      results.dataset.state = 'loading';
      replaceChildren(
        results,
        h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading sessions…'),
      );
    }
    try {
      const page = await api.sessions(filtersToApiQuery(filters, SESSIONS_PAGE_SIZE), controller.signal);
      if (controller.signal.aborted) return;
      inFlight = null;
      const fingerprint = JSON.stringify(page);
      updated.textContent = 'Updated ' + new Date().toLocaleTimeString();
      if (silent && fingerprint === shown && results.dataset.state !== 'loading') return;
      shown = fingerprint;
      render(page);
    } catch (e) {
      if (controller.signal.aborted || (e as Error).name === 'AbortError') return;
      inFlight = null;
      if (silent) return; // a background refresh that fails leaves the list as it was
      shown = '';
      results.dataset.state = 'error';
      replaceChildren(
        results,
        errorBox(e instanceof ApiError ? e.message : 'The sessions could not be loaded.', () => load(false)),
      );
    }
  }

  function render(page: SessionPage) {
    if (page.sessions.length === 0) {
      results.dataset.state = 'empty';
      const firstPage = !filters.cursor;
      replaceChildren(
        results,
        hasFilters(filters)
          ? h(
              'div',
              { class: 'state empty' },
              h('p', null, 'No sessions match these filters.'),
              h('button', { type: 'button', class: 'button', onclick: clearFilters }, 'Clear filters'),
            )
          : firstPage
            ? h(
                'div',
                { class: 'state empty' },
                h('p', null, 'No sessions yet.'),
                h('a', { href: '/install', class: 'button primary' }, 'Install the snippet'),
              )
            : h('div', { class: 'state empty' }, h('p', null, 'No older sessions.')),
        pager(page),
      );
      return;
    }
    results.dataset.state = 'loaded';
    replaceChildren(
      results,
      h(
        'table',
        { class: 'sessions' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, 'Session'),
            h('th', null, 'User'),
            h('th', null, 'Duration'),
            h('th', null, 'Started'),
            h('th', null, 'Environment'),
            h('th', null, 'Signals'),
          ),
        ),
        h('tbody', null, page.sessions.map(row)),
      ),
      pager(page),
    );
  }

  function row(session: SessionSummary): HTMLElement {
    const href = '/sessions/' + encodeURIComponent(session.sessionId);
    const environment = [session.browser, session.os, session.device].filter(Boolean).join(' · ') || '—';
    return h(
      'tr',
      {
        class: 'session-row',
        'data-session-id': session.sessionId,
        onclick: (e: MouseEvent) => !(e.target as Element).closest('a') && navigate(href),
      },
      h(
        'td',
        { class: 'entry' },
        h('a', { href, class: 'entry-link', title: session.entryUrl || '' }, shortUrl(session.entryUrl)),
        h('div', { class: 'muted small' }, plural(session.pageCount, 'page'), ' · ', plural(session.clickCount, 'click')),
        storyLine(session),
      ),
      h('td', null, session.userId ? h('span', { class: 'user' }, session.userId) : h('span', { class: 'muted' }, 'anonymous')),
      h('td', { class: 'num' }, duration(session.durationMs)),
      h('td', { title: dateTime(session.startedAt) }, ago(session.startedAt)),
      h('td', { class: 'small' }, environment),
      h('td', { class: 'badges' }, badges(session)),
    );
  }

  function pager(page: SessionPage): HTMLElement {
    const newer = filters.cursor
      ? h(
          'button',
          {
            type: 'button',
            class: 'button',
            onclick: () => goToCursor(newerCursors.length ? newerCursors.pop() : undefined),
          },
          newerCursors.length ? '← Newer' : '← Newest',
        )
      : null;
    const older = page.nextCursor
      ? h(
          'button',
          {
            type: 'button',
            class: 'button',
            'data-older': '',
            onclick: () => {
              newerCursors.push(filters.cursor);
              goToCursor(page.nextCursor!);
            },
          },
          'Older →',
        )
      : null;
    return h('div', { class: 'pager' }, newer, h('span', { class: 'spacer' }), older);
  }

  function clearFilters() {
    apply({ flags: [], from: undefined, to: undefined, url: undefined, minDurationMs: undefined, userId: undefined, browser: undefined });
  }

  function filterForm() {
    const chips = FLAGS.map(({ flag, label }) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip ' + flag,
          'data-flag': flag,
          'aria-pressed': String(filters.flags.includes(flag)),
          onclick: () =>
            apply({ flags: filters.flags.includes(flag) ? filters.flags.filter((f) => f !== flag) : [...filters.flags, flag] }),
        },
        label,
      ),
    );
    const from = h('input', { type: 'date', name: 'from', onchange: () => apply({ from: from.value || undefined }) });
    const to = h('input', { type: 'date', name: 'to', onchange: () => apply({ to: to.value || undefined }) });
    const url = h('input', {
      type: 'search',
      name: 'url',
      placeholder: '/checkout',
      onchange: () => apply({ url: url.value.trim() || undefined }),
    });
    const minDuration = h(
      'select',
      { name: 'minDurationMs', onchange: () => apply({ minDurationMs: Number(minDuration.value) || undefined }) },
      h('option', { value: '' }, 'Any'),
      MIN_DURATION_CHOICES.map((c) => h('option', { value: c.ms }, '≥ ' + c.label)),
    );
    const userId = h('input', {
      type: 'search',
      name: 'userId',
      placeholder: 'user id or its start',
      onchange: () => apply({ userId: userId.value.trim() || undefined }),
    });
    const browser = h('input', {
      type: 'search',
      name: 'browser',
      placeholder: 'Chrome',
      list: 'browser-suggestions',
      onchange: () => apply({ browser: browser.value.trim() || undefined }),
    });
    const element = h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (e: SubmitEvent) => e.preventDefault() },
      h(
        'div',
        { class: 'chips', role: 'group', 'aria-label': 'Frustration signals' },
        h('span', { class: 'label' }, 'Show sessions with'),
        chips,
      ),
      h(
        'div',
        { class: 'filter-fields' },
        h('label', null, 'From', from),
        h('label', null, 'To', to),
        h('label', null, 'URL contains', url),
        h('label', null, 'Min. duration', minDuration),
        h('label', null, 'User', userId),
        h(
          'label',
          null,
          'Browser',
          browser,
          h(
            'datalist',
            { id: 'browser-suggestions' },
            BROWSER_SUGGESTIONS.map((b) => h('option', { value: b })),
          ),
        ),
        h('button', { type: 'button', class: 'button ghost', onclick: clearFilters }, 'Clear'),
      ),
    );
    return { element, chips, from, to, url, minDuration, userId, browser };
  }

  function syncForm() {
    for (const chip of form.chips) chip.setAttribute('aria-pressed', String(filters.flags.includes(chip.dataset.flag as never)));
    form.from.value = filters.from || '';
    form.to.value = filters.to || '';
    form.url.value = filters.url || '';
    form.minDuration.value = filters.minDurationMs ? String(filters.minDurationMs) : '';
    if (filters.minDurationMs && form.minDuration.value !== String(filters.minDurationMs)) {
      // a duration from a shared link that the menu does not offer
      form.minDuration.append(h('option', { value: filters.minDurationMs }, '≥ ' + duration(filters.minDurationMs)));
      form.minDuration.value = String(filters.minDurationMs);
    }
    form.userId.value = filters.userId || '';
    form.browser.value = filters.browser || '';
  }

  syncForm();
  load(false);
  const refreshTimer = setInterval(() => {
    if (!filters.cursor && document.visibilityState === 'visible') load(true);
  }, LIST_REFRESH_MS);

  return {
    element: shell(
      'sessions',
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, 'Sessions'),
        h(
          'div',
          { class: 'page-actions' },
          updated,
          copyButton(() => location.href, 'Copy link to this view'),
          h('button', { type: 'button', class: 'button', 'data-refresh': '', onclick: () => load(false) }, 'Refresh'),
        ),
      ),
      form.element,
      results,
    ),
    dispose: () => {
      clearInterval(refreshTimer);
      inFlight?.abort();
    },
  };
}

export function badges(session: SessionSummary): HTMLElement[] {
  const list: HTMLElement[] = [];
  for (const { flag, label, count } of FLAGS) {
    const n = session[count];
    if (n > 0)
      list.push(
        h(
          'span',
          { class: 'badge ' + flag, title: plural(n, label.replace(/s$/, '').toLowerCase()), 'data-badge': flag },
          `${label.replace(/s$/, '')} ${n}`,
        ),
      );
  }
  if (list.length === 0) list.push(h('span', { class: 'muted small' }, '—'));
  return list;
}

/**
 * The session's story as the API tells it (docs/CONSOLE.md): a text node, like everything from the API;
 * nothing for an answer without one.
 */
export function storyLine(session: SessionSummary): HTMLElement | null {
  const text = session.story?.text;
  return text ? h('p', { class: 'story', 'data-story': '' }, text) : null;
}
