// Who is signed in: the api key in localStorage (so a new tab or a reload stays signed in), or a user
// of the user pool (src/user.ts), and the install snippet of the current ingest key. The api key is
// never shown again after sign-up; the Content-Security-Policy (script-src 'self') keeps foreign
// scripts away from this storage.
import { STORAGE_API_KEY, STORAGE_SNIPPET } from './constants';
import { idToken, organizationId, signOutUser, userSession } from './user';

export function apiKey(): string | null {
  return localStorage.getItem(STORAGE_API_KEY);
}

export function isSignedIn(): boolean {
  return apiKey() !== null || userSession() !== null;
}

/** The headers that say who calls: an explicit key, the stored api key, or the user's token and organization. */
export async function credentials(explicitKey?: string): Promise<Record<string, string>> {
  const key = explicitKey || apiKey();
  if (key) return { authorization: 'Bearer ' + key };
  if (!userSession()) return {};
  const headers: Record<string, string> = { authorization: 'Bearer ' + (await idToken()) };
  const tenant = organizationId();
  if (tenant) headers['x-rewind-tenant'] = tenant;
  return headers;
}

export function signIn(key: string): void {
  void signOutUser();
  localStorage.setItem(STORAGE_API_KEY, key);
}

/** Forgets the api key or ends the user's sign-in (resolved once Cognito has answered). */
export function signOut(): Promise<void> {
  localStorage.removeItem(STORAGE_API_KEY);
  localStorage.removeItem(STORAGE_SNIPPET);
  return signOutUser();
}

/** The snippet is only returned at sign-up and when the ingest key rotates, so the console keeps it. */
export function storedSnippet(): string | null {
  return localStorage.getItem(STORAGE_SNIPPET);
}

export function storeSnippet(snippet: string): void {
  localStorage.setItem(STORAGE_SNIPPET, snippet);
}
