// Who is signed in: the api key in localStorage (so a new tab or a reload stays signed in), and the
// install snippet of the current ingest key. The api key is never shown again after sign-up; the
// Content-Security-Policy (script-src 'self') keeps foreign scripts away from this storage.
import { STORAGE_API_KEY, STORAGE_SNIPPET } from './constants';

export function apiKey(): string | null {
  return localStorage.getItem(STORAGE_API_KEY);
}

export function isSignedIn(): boolean {
  return apiKey() !== null;
}

export function signIn(key: string): void {
  localStorage.setItem(STORAGE_API_KEY, key);
}

export function signOut(): void {
  localStorage.removeItem(STORAGE_API_KEY);
  localStorage.removeItem(STORAGE_SNIPPET);
}

/** The snippet is only returned at sign-up and when the ingest key rotates, so the console keeps it. */
export function storedSnippet(): string | null {
  return localStorage.getItem(STORAGE_SNIPPET);
}

export function storeSnippet(snippet: string): void {
  localStorage.setItem(STORAGE_SNIPPET, snippet);
}
