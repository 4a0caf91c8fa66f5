import { SESSION_ID_LENGTH, SESSION_IDLE_MS, SESSION_KEY, SESSION_MAX_MS } from './constants';
import { readItem, writeItem } from './storage';

/**
 * One recording per tab: kept in sessionStorage so it survives reloads and same-tab navigation,
 * ended by 30 minutes without user activity or 4 hours in all.
 */
export interface Session {
  id: string;
  startedAt: number;
  lastActivityAt: number;
  /** The seq of the next chunk. */
  seq: number;
  /** The sampling decision, taken once per session. */
  recording: boolean;
  userId?: string;
  /** The session this one was opened from: this tab began as a copy of that session's tab. */
  openerId?: string;
  /** Console messages recorded so far in the session, against MAX_CONSOLE_MESSAGES_PER_SESSION. */
  consoleMessages?: number;
  /** In sessionStorage: the page that holds the session, absent once it has left (see heldElsewhere). */
  owner?: string;
}

/**
 * This page's mark on the session it holds. A browser copies sessionStorage into a tab opened with
 * window.open or "Duplicate tab", so the copy finds the session of a page that is still recording;
 * continuing it, both tabs would send the same seqs with different events (the server keeps the first
 * and refuses the other with 409 chunk_conflict). The page that holds the session writes this token
 * into it and takes it out on pagehide, before the next page of its tab loads: a page that finds
 * another page's token is a copy, and starts a session of its own, opened from that one. A page that
 * died without a pagehide (a crash) leaves its token too; the tab's next page then starts a new
 * session as well, which loses nothing.
 */
let pageToken: string | undefined;
/** Whether this page holds its session: from its start until pagehide, and again after pageshow. */
let holding = true;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SESSION_ID_LENGTH));
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b & 63];
  return id;
}

export function isExpired(session: Session, now: number): boolean {
  return now - session.lastActivityAt > SESSION_IDLE_MS || now - session.startedAt > SESSION_MAX_MS;
}

/** The stored session of this tab, or null when there is none or it has expired. */
export function loadSession(now: number): Session | null {
  try {
    const s = JSON.parse(readItem('sessionStorage', SESSION_KEY) || 'null') as Session | null;
    if (!s || typeof s.id !== 'string' || typeof s.seq !== 'number' || isExpired(s, now)) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  writeItem('sessionStorage', SESSION_KEY, JSON.stringify({ ...session, owner: holding ? token() : undefined }));
}

/** The page is going away (pagehide): the tab's next page may continue the session. */
export function releaseSession(session: Session): void {
  holding = false;
  saveSession(session);
}

/** The page is back (from the back/forward cache): it holds its session again. */
export function holdSession(): void {
  holding = true;
}

/** Whether a stored session is held by another page that is still alive: this tab is a copy of its tab. */
export function heldElsewhere(stored: Session): boolean {
  return typeof stored.owner === 'string' && stored.owner !== token();
}

function token(): string {
  return (pageToken ||= newSessionId());
}

export function createSession(now: number, sampleRate: number, userId?: string, openerId?: string): Session {
  const id = newSessionId();
  return { id, startedAt: now, lastActivityAt: now, seq: 0, recording: isSampledIn(id, sampleRate), userId, openerId };
}

/**
 * The server's rule (Sampling.java): FNV-1a of the session id against the rate, so the recorder and
 * the server take the same decision for a session without asking each other.
 */
export function isSampledIn(sessionId: string, sampleRate: number): boolean {
  if (sampleRate >= 1) return true;
  if (!(sampleRate > 0)) return false;
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash = Math.imul(hash ^ sessionId.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0) / 4294967296 < sampleRate;
}
