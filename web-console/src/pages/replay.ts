// The replay page of a session (signed in) and of a share link (no sign-in, read-only).
import { api, ApiError } from '../api';
import { DEFAULT_SHARE_HOURS, SHARE_EXPIRY_CHOICES, STORAGE_LIST_QUERY } from '../constants';
import { confirmDialog, copyButton, errorBox, h, openDialog, replaceChildren } from '../dom';
import { dateTime, duration, shortUrl } from '../format';
import { bare, setNotice, shell } from '../layout';
import { navigate, type Page, type RouteContext } from '../router';
import type { ChunkRef, RecordedEvent, SessionDetail } from '../types';
import { badges } from './sessions';

/** The replayer is most of the console's bytes: the replay pages load it, in parallel with the session. */
const replayModules = () => Promise.all([import('../replay/player'), import('../replay/panel')]).then(([player, panel]) => ({ Player: player.Player, SidePanel: panel.SidePanel }));
type ReplayModules = Awaited<ReturnType<typeof replayModules>>;

interface ReplayView {
  element: HTMLElement;
  dispose: () => void;
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
        renew: () => api.session(sessionId).then((d) => d.chunks),
        actions: [
          h('button', { type: 'button', class: 'button', 'data-share': '', onclick: () => shareDialog(sessionId) }, 'Share'),
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
        renew: () => api.shared(token).then((d) => d.chunks),
        actions: [],
      });
      replaceChildren(container, h('p', { class: 'notice shared' }, 'A shared session replay. Read-only: shared links expire, and the session owner can revoke them by deleting the session.'), view.element);
    },
    (e) => {
      if (disposed || (e as Error).name === 'AbortError') return;
      const message = e instanceof ApiError && e.status === 404 ? 'This link has expired, or the session it showed was deleted.' : (e as Error).message;
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
  options: { readOnly: boolean; requestedAt: number; startAtMs?: number; renew: () => Promise<ChunkRef[]>; actions: HTMLElement[] },
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
          [dateTime(detail.startedAt), duration(detail.durationMs), detail.userId ? 'user ' + detail.userId : 'anonymous', environment].filter(Boolean).join(' · '),
        ),
        // a share link shows one session: the one it was opened from is not part of it
        !options.readOnly && detail.openerSessionId && openedFrom(detail.openerSessionId),
        detail.flags.length > 0 && h('div', { class: 'badges' }, badges(detail)),
      ),
      h('div', { class: 'page-actions' }, options.actions),
    ),
    h('div', { class: 'replay-body' }, player.element, panel.element),
  );
  return { element, dispose: () => player.dispose() };
}

/** The tab of this session was a copy of another session's tab (window.open, "Duplicate tab"). */
function openedFrom(openerSessionId: string): HTMLElement {
  return h(
    'p',
    { class: 'muted opened-from', 'data-opened-from': '' },
    'Opened from ',
    h('a', { href: '/sessions/' + encodeURIComponent(openerSessionId), title: openerSessionId }, 'session ' + openerSessionId.slice(0, 8) + '…'),
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

function shareDialog(sessionId: string): void {
  const expiry = h(
    'select',
    { name: 'expiresInHours', 'data-share-expiry': '' },
    SHARE_EXPIRY_CHOICES.map((c) => h('option', { value: c.hours, selected: c.hours === DEFAULT_SHARE_HOURS }, c.label)),
  );
  const result = h('div', { class: 'share-result' });
  const create = h('button', { type: 'button', class: 'button primary', 'data-create-share': '' }, 'Create link');
  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      const share = await api.share(sessionId, Number(expiry.value));
      const url = h('input', { type: 'text', readonly: true, class: 'share-url', 'data-share-url': '', value: share.url });
      replaceChildren(result, h('div', { class: 'key-row' }, url, copyButton(() => share.url)), h('p', { class: 'muted small' }, 'Anyone with this link can watch this replay until ' + dateTime(share.expiresAt) + '.'));
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
      h('p', null, 'A read-only link that works without signing in. It shows this session only, and stops working when it expires or the session is deleted.'),
      h('label', null, 'Link expires after', expiry),
      create,
      result,
    ),
  );
}
