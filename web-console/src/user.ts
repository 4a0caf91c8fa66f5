// A user signed in through the Cognito user pool: their tokens (kept in localStorage like the api
// key, so a reload or a new tab stays signed in), refreshed before they expire, and the organization
// they work in, sent as X-Rewind-Tenant. What they may do there is decided by the API on every request.
import { cognito, CognitoError, type Tokens } from './cognito';
import { STORAGE_ORGANIZATION, STORAGE_USER, TOKEN_REFRESH_MARGIN_MS } from './constants';

export interface UserSession {
  email: string;
  tokens: Tokens;
}

export function userSession(): UserSession | null {
  const stored = localStorage.getItem(STORAGE_USER);
  if (!stored) return null;
  try {
    const session = JSON.parse(stored) as UserSession;
    return session && session.tokens && session.tokens.idToken ? session : null;
  } catch {
    return null;
  }
}

export function startUserSession(email: string, tokens: Tokens): void {
  localStorage.setItem(STORAGE_USER, JSON.stringify({ email, tokens }));
  refreshing = null;
}

/** Forgets the tokens here; `signOutUser` also ends them at Cognito. */
export function endUserSession(): void {
  localStorage.removeItem(STORAGE_USER);
  localStorage.removeItem(STORAGE_ORGANIZATION);
  refreshing = null;
}

/** Revokes the sign-in at Cognito (docs/CONSOLE.md, "Signing in"), whatever it answers, then forgets it. */
export async function signOutUser(): Promise<void> {
  const session = userSession();
  endUserSession();
  if (session) await cognito.signOut(session.tokens).catch(() => {});
}

export class SessionEnded extends Error {}

let refreshing: Promise<string> | null = null;

/** A current id token: refreshed with the refresh token when it is about to expire. */
export function idToken(): Promise<string> {
  const session = userSession();
  if (!session) return Promise.reject(new SessionEnded('Not signed in.'));
  if (session.tokens.expiresAt - TOKEN_REFRESH_MARGIN_MS > Date.now()) return Promise.resolve(session.tokens.idToken);
  if (!refreshing) {
    refreshing = cognito.refresh(session.tokens.refreshToken).then(
      (tokens) => {
        refreshing = null;
        startUserSession(session.email, tokens);
        return tokens.idToken;
      },
      (e) => {
        refreshing = null;
        // a refused refresh token (revoked, expired) ends the sign-in; a network failure does not
        throw e instanceof CognitoError && e.type === 'NotAuthorizedException' ? new SessionEnded('Your sign-in has ended.') : e;
      },
    );
  }
  return refreshing;
}

/** The organization the user works in (a tenant id of GET /v1/me), or null before one is chosen. */
export function organizationId(): string | null {
  return localStorage.getItem(STORAGE_ORGANIZATION);
}

export function forgetOrganization(): void {
  localStorage.removeItem(STORAGE_ORGANIZATION);
}

export function chooseOrganization(tenantId: string): void {
  localStorage.setItem(STORAGE_ORGANIZATION, tenantId);
}
