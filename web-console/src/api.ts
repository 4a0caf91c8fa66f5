// The one way the console talks to the API: JSON in, JSON out, errors as ApiError with the API's
// {"error":{"code","message"}} shape.
import { apiKey } from './auth';
import type { RotatedKey, SessionDetail, SessionPage, Share, ShareLink, Signup, Tenant, TenantSettings } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Called when the api key stops working (rotated elsewhere), so the app can send the user to sign in. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

function apiBase(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="rewind-api"]');
  return (meta?.content || '').replace(/\/$/, '');
}

interface RequestOptions {
  body?: unknown;
  /** An explicit key (sign-in checks one before storing it); 'none' sends no Authorization. */
  key?: string | 'none';
  signal?: AbortSignal;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const key = options.key === 'none' ? null : options.key || apiKey();
  if (key) headers.authorization = 'Bearer ' + key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiBase() + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'omit',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'The Rewind API cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: fall through to the generic message.
  }
  if (!response.ok) {
    const error = body && body.error;
    const apiError = new ApiError(
      response.status,
      error?.code || 'http_' + response.status,
      error?.message || `The API answered ${response.status}.`,
    );
    if (response.status === 401 && options.key === undefined) onUnauthorized();
    throw apiError;
  }
  return body as T;
}

export const api = {
  signup: (email: string, organization: string) => request<Signup>('POST', '/v1/signup', { body: { email, organization }, key: 'none' }),
  tenant: (key?: string) => request<Tenant>('GET', '/v1/tenant', { key }),
  updateTenant: (settings: TenantSettings) => request<Tenant>('PATCH', '/v1/tenant', { body: settings }),
  rotateKey: (kind: 'ingest' | 'api') => request<RotatedKey>('POST', `/v1/keys/${kind}/rotate`),
  sessions: (query: URLSearchParams, signal?: AbortSignal) => request<SessionPage>('GET', '/v1/sessions?' + query.toString(), { signal }),
  session: (id: string, signal?: AbortSignal) => request<SessionDetail>('GET', '/v1/sessions/' + encodeURIComponent(id), { signal }),
  deleteSession: (id: string) => request<void>('DELETE', '/v1/sessions/' + encodeURIComponent(id)),
  deleteUserSessions: (userId: string) =>
    request<{ deletedSessions: number }>('DELETE', '/v1/users/' + encodeURIComponent(userId) + '/sessions'),
  share: (id: string, expiresInHours: number) =>
    request<Share>('POST', '/v1/sessions/' + encodeURIComponent(id) + '/share', { body: { expiresInHours } }),
  shares: (id: string) => request<{ shares: ShareLink[] }>('GET', '/v1/sessions/' + encodeURIComponent(id) + '/shares'),
  revokeShare: (id: string, shareId: string) =>
    request<void>('DELETE', '/v1/sessions/' + encodeURIComponent(id) + '/shares/' + encodeURIComponent(shareId)),
  shared: (token: string, signal?: AbortSignal) =>
    request<SessionDetail>('GET', '/v1/shares/' + encodeURIComponent(token), { key: 'none', signal }),
};
