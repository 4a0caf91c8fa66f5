// The one way the console talks to the API: JSON in, JSON out, errors as ApiError with the API's
// {"error":{"code","message"}} shape.
import { credentials } from './auth';
import type { ErrorGroupDetail, ErrorGroupsView, ErrorStatus } from './pages/errors';
import type { HotspotView } from './pages/insights';
import { SessionEnded } from './user';
import type { Rescore, RotatedKey, SessionDetail, SessionPage, Share, ShareLink, Signup, Tenant, TenantSettings, Usage } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Called when the api key stops working (rotated elsewhere), the user's sign-in has ended, or the user
 * is no longer a member of the organization, so the app can send them to sign in.
 */
let onUnauthorized: (error: ApiError) => void = () => {};
export function setUnauthorizedHandler(handler: (error: ApiError) => void): void {
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

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let headers: Record<string, string> = {};
  if (options.key !== 'none') {
    try {
      headers = await credentials(options.key);
    } catch (e) {
      if (!(e instanceof SessionEnded)) throw new ApiError(0, 'network_error', (e as Error).message);
      const ended = new ApiError(401, 'session_ended', 'Your sign-in has ended. Sign in again.');
      if (options.key === undefined) onUnauthorized(ended);
      throw ended;
    }
  }
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
    if ((response.status === 401 || apiError.code === 'not_a_member') && options.key === undefined) onUnauthorized(apiError);
    throw apiError;
  }
  return body as T;
}

export const api = {
  signup: (email: string, organization: string) => request<Signup>('POST', '/v1/signup', { body: { email, organization }, key: 'none' }),
  tenant: (key?: string) => request<Tenant>('GET', '/v1/tenant', { key }),
  updateTenant: (settings: TenantSettings) => request<Tenant>('PATCH', '/v1/tenant', { body: settings }),
  rescore: () => request<Rescore>('GET', '/v1/tenant/rescore'),
  startRescore: () => request<Rescore>('POST', '/v1/tenant/rescore'),
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
  // usage and limits
  usage: (days: number) => request<Usage>('GET', '/v1/usage?days=' + days),
  hotspots: (days: 7 | 30, signal?: AbortSignal) => request<HotspotView>('GET', '/v1/insights/hotspots?days=' + days, { signal }),
  errorGroups: (days: 7 | 30, signal?: AbortSignal) => request<ErrorGroupsView>('GET', '/v1/insights/errors?days=' + days, { signal }),
  errorGroup: (groupId: string, days: 7 | 30, signal?: AbortSignal) =>
    request<ErrorGroupDetail>('GET', '/v1/insights/errors/' + encodeURIComponent(groupId) + '?days=' + days, { signal }),
  changeErrorGroup: (groupId: string, status: 'resolved' | 'ignored' | 'open') =>
    request<{ groupId: string; status: ErrorStatus; resolvedAt?: string }>('PATCH', '/v1/insights/errors/' + encodeURIComponent(groupId), {
      body: { status },
    }),
};
