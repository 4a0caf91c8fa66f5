import {
  SESSION_ID_LENGTH,
  SESSION_IDLE_MS,
  SESSION_KEY,
  SESSION_MAX_MS,
} from './constants';
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
}

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
  writeItem('sessionStorage', SESSION_KEY, JSON.stringify(session));
}

export function createSession(now: number, sampleRate: number, userId?: string): Session {
  const id = newSessionId();
  return { id, startedAt: now, lastActivityAt: now, seq: 0, recording: isSampledIn(id, sampleRate), userId };
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
