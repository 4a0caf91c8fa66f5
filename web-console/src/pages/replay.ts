// The replay page of a session (signed in) and of a share link (no sign-in, read-only).
import { api, ApiError } from '../api';
import { DEFAULT_SHARE_HOURS, SHARE_EXPIRY_CHOICES, STORAGE_LIST_QUERY } from '../constants';
import { confirmDialog, copyButton, errorBox, h, openDialog, replaceChildren } from '../dom';
import { clock, dateTime, duration, shortUrl } from '../format';
import { bare, setNotice, shell } from '../layout';
import { navigate, type Page, type RouteContext } from '../router';
import type { RecordedEvent, SessionDetail, ShareLink } from '../types';
import { badges, storyLine } from './sessions';

/** The replayer is most of the console's bytes: the replay pages load it, in parallel with the session. */
const replayModules = () =>
  Promise.all([import('../replay/player'), import('../replay/panel')]).then(([player, panel]) => ({
    Player: player.Player,
    SidePanel: panel.SidePanel,
  }));
type ReplayModules = Awaited<ReturnType<typeof replayModules>>;

interface ReplayView {
  element: HTMLElement;
  dispose: () => void;
  /** Where the replay is, in ms from the session start. */
  currentOffset: () => number;
}

export function sessionReplayPage({ params, search }: RouteContext): Page {
  const requestedAt = performance.now();
  const sessionId = params.id;
  const container = h('div', { class: 'replay-page' }, loading());
  let view: ReplayView | null = null;
  let disposed = false;
  const controller = new AbortController();

  Promise.all([api.session(sessionId, controller.signal), replayModules()]).then(
    ([detail, modules]) => {
      if (disposed) return;
      performance.mark('rewind:session-loaded');
      view = replayView(modules, detail, {
        readOnly: false,
        requestedAt,
        startAtMs: startAt(search),
        renew: () => api.session(sessionId),
        actions: [
          h(
            'button',
            { type: 'button', class: 'button', 'data-share': '', onclick: () => shareDialog(sessionId, view?.currentOffset() ?? 0) },
            'Share',
          ),
          h('button', { type: 'button', class: 'button danger', 'data-delete': '', onclick: () => deleteSession(sessionId) }, 'Delete'),
        ],
      });
      replaceChildren(container, view.element);
    },
    (e) => {
      if (disposed || (e as Error).name === 'AbortError') return;
      const message =
        e instanceof ApiError && e.status === 404
          ? 'This session does not exist: it was deleted, or it is older than your retention period.'
          : e instanceof ApiError || e instanceof Error
            ? e.message
            : 'The session could not be loaded.';
      replaceChildren(container, backLink(), errorBox(message));
    },
  );

  return {
    element: shell('sessions', container),
    dispose: () => {
      disposed = true;
      controller.abort();
      view?.dispose();
    },
  };
}

export function sharedReplayPage({ params, search }: RouteContext): Page {
  const requestedAt = performance.now();
  const token = params.token;
  const container = h('div', { class: 'replay-page' }, loading());
  let view: ReplayView | null = null;
  let disposed = false;
  const controller = new AbortController();

  Promise.all([api.shared(token, controller.signal), replayModules()]).then(
    ([detail, modules]) => {
      if (disposed) return;
      performance.mark('rewind:session-loaded');
      view = replayView(modules, detail, {
        readOnly: true,
        requestedAt,
        startAtMs: startAt(search),
        renew: () => api.shared(token),
        actions: [],
      });
      replaceChildren(
        container,
        h(
          'p',
          { class: 'notice shared' },
          'A shared session replay. Read-only: shared links expire, and the session owner can revoke them at any time.',
        ),
        view.element,
      );
    },
    (e) => {
      if (disposed || (e as Error).name === 'AbortError') return;
      const message =
        e instanceof ApiError && e.status === 404 ? 'This link has expired, or the session it showed was deleted.' : (e as Error).message;
      replaceChildren(container, errorBox(message));
    },
  );

  return {
    element: bare(container),
    dispose: () => {
      disposed = true;
      controller.abort();
      view?.dispose();
    },
  };
}

function replayView(
  { Player, SidePanel }: ReplayModules,
  detail: SessionDetail,
  options: { readOnly: boolean; requestedAt: number; startAtMs?: number; renew: () => Promise<SessionDetail>; actions: HTMLElement[] },
): ReplayView {
  const panel = new SidePanel(detail, {
    onSeek: (offsetMs) => {
      player.seek(offsetMs, true);
      if (!options.readOnly) rememberMoment(offsetMs);
    },
  });
  const player = new Player({
    detail,
    renew: options.renew,
    startAtMs: options.startAtMs,
    requestedAt: options.requestedAt,
    onEvents: (events: RecordedEvent[]) => {
      const markers = panel.addEvents(events);
      if (markers.length) player.addMarkers(markers);
    },
    onTime: (offsetMs: number) => panel.setTime(offsetMs),
  });
  player.addMarkers(panel.frustrationMarkers());

  const environment = [detail.browser, detail.os, detail.device].filter(Boolean).join(' · ');
  const element = h(
    'div',
    { class: 'replay', 'data-session-id': detail.sessionId },
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        options.readOnly ? null : backLink(),
        h('h1', { class: 'replay-title', title: detail.entryUrl || '' }, shortUrl(detail.entryUrl)),
        h(
          'p',
          { class: 'muted' },
          [dateTime(detail.startedAt), duration(detail.durationMs), detail.userId ? 'user ' + detail.userId : 'anonymous', environment]
            .filter(Boolean)
            .join(' · '),
        ),
        storyLine(detail),
        // a share link shows one session: the one it was opened from is not part of it
        !options.readOnly && detail.openerSessionId && openedFrom(detail.openerSessionId),
        detail.flags.length > 0 && h('div', { class: 'badges' }, badges(detail)),
      ),
      h('div', { class: 'page-actions' }, options.actions),
    ),
    h('div', { class: 'replay-body' }, player.element, panel.element),
  );
  return { element, dispose: () => player.dispose(), currentOffset: () => player.currentOffset() };
}

/** The tab of this session was a copy of another session's tab (window.open, "Duplicate tab"). */
function openedFrom(openerSessionId: string): HTMLElement {
  return h(
    'p',
    { class: 'muted opened-from', 'data-opened-from': '' },
    'Opened from ',
    h(
      'a',
      { href: '/sessions/' + encodeURIComponent(openerSessionId), title: openerSessionId },
      'session ' + openerSessionId.slice(0, 8) + '…',
    ),
  );
}

/** ?t=<ms> starts the replay at that moment (the list of frustrations links there). */
function startAt(search: URLSearchParams): number | undefined {
  const t = Number(search.get('t'));
  return search.has('t') && Number.isFinite(t) && t >= 0 ? t : undefined;
}

function rememberMoment(offsetMs: number): void {
  const search = new URLSearchParams(location.search);
  search.set('t', String(Math.round(offsetMs)));
  history.replaceState(null, '', location.pathname + '?' + search.toString());
}

function backLink(): HTMLElement {
  return h('a', { href: '/sessions' + (sessionStorage.getItem(STORAGE_LIST_QUERY) || ''), class: 'back' }, '← Sessions');
}

function loading(): HTMLElement {
  return h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading session…');
}

async function deleteSession(sessionId: string): Promise<void> {
  const ok = await confirmDialog({
    title: 'Delete this session?',
    body: 'Its recording and index entry are deleted for good, and share links to it stop working. This cannot be undone.',
    confirm: 'Delete session',
    danger: true,
  });
  if (!ok) return;
  try {
    await api.deleteSession(sessionId);
    setNotice('Session deleted.');
    navigate('/sessions' + (sessionStorage.getItem(STORAGE_LIST_QUERY) || ''));
  } catch (e) {
    openDialog('Delete failed', h('p', null, (e as Error).message));
  }
}

/**
 * Share links: create one (optionally starting at the moment the replay is at), and list, copy-less
 * (a token is shown only once) and revoke the links that still work.
 */
function shareDialog(sessionId: string, momentMs: number): void {
  const expiry = h(
    'select',
    { name: 'expiresInHours', 'data-share-expiry': '' },
    SHARE_EXPIRY_CHOICES.map((c) => h('option', { value: c.hours, selected: c.hours === DEFAULT_SHARE_HOURS }, c.label)),
  );
  const atMoment = h('input', { type: 'checkbox', 'data-share-at-moment': '', checked: momentMs >= 1000 });
  const result = h('div', { class: 'share-result' });
  const links = h('div', { class: 'share-links', 'data-share-links': '' });
  const create = h('button', { type: 'button', class: 'button primary', 'data-create-share': '' }, 'Create link');
  const refresh = async () => {
    try {
      const { shares } = await api.shares(sessionId);
      replaceChildren(
        links,
        h('h3', null, 'Links that work now'),
        shares.length === 0
          ? h('p', { class: 'muted small' }, 'None.')
          : h(
              'ul',
              { class: 'share-list' },
              shares.map((link) => shareRow(sessionId, link, refresh)),
            ),
      );
    } catch (e) {
      replaceChildren(links, h('p', { class: 'form-error' }, (e as Error).message));
    }
  };
  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      const share = await api.share(sessionId, Number(expiry.value));
      const link = atMoment.checked ? share.url + '?t=' + Math.round(momentMs) : share.url;
      const url = h('input', { type: 'text', readonly: true, class: 'share-url', 'data-share-url': '', value: link });
      replaceChildren(
        result,
        h(
          'div',
          { class: 'key-row' },
          url,
          copyButton(() => link),
        ),
        h(
          'p',
          { class: 'muted small' },
          'Anyone with this link can watch this replay until ' + dateTime(share.expiresAt) + '. It is shown only now: copy it.',
        ),
      );
      await refresh();
    } catch (e) {
      replaceChildren(result, h('p', { class: 'form-error' }, (e as Error).message));
    } finally {
      create.disabled = false;
    }
  });
  openDialog(
    'Share this replay',
    h(
      'div',
      { class: 'form' },
      h(
        'p',
        null,
        'A read-only link that works without signing in. It shows this session only, and stops working when it expires, when you revoke it, or when the session is deleted.',
      ),
      h('label', null, 'Link expires after', expiry),
      h('label', { class: 'checkbox' }, atMoment, ` Start at ${clock(momentMs)}, where the replay is now`),
      create,
      result,
      links,
    ),
  );
  void refresh();
}

function shareRow(sessionId: string, link: ShareLink, refresh: () => Promise<void>): HTMLElement {
  const revoke = h('button', { type: 'button', class: 'button small danger', 'data-revoke-share': link.id }, 'Revoke');
  revoke.addEventListener('click', async () => {
    revoke.disabled = true;
    try {
      await api.revokeShare(sessionId, link.id);
    } catch (e) {
      openDialog('Revoke failed', h('p', null, (e as Error).message));
    }
    await refresh();
  });
  return h(
    'li',
    { class: 'share-link', 'data-share-link': link.id },
    h('span', null, 'Link ', h('span', { class: 'mono small' }, link.id.slice(0, 8)), ' · expires ' + dateTime(link.expiresAt)),
    revoke,
  );
}
