// The team routes of the API (docs/openapi.yaml, tag team; docs/SECURITY.md, "Users and roles"): the
// signed-in user and their organizations, members, invitations, named api keys and the audit log.
import { request } from './api';

export type Role = 'owner' | 'admin' | 'member';
export type KeyScope = 'read' | 'admin';

export interface Organization {
  tenantId: string;
  organization: string | null;
  role: Role;
}

export interface Me {
  userId: string;
  email: string | null;
  organizations: Organization[];
}

export interface CreatedOrganization {
  tenantId: string;
  organization: string;
  role: 'owner';
  ingestKey: string;
  snippet: string;
}

export interface Member {
  userId: string;
  email: string;
  role: Role;
  joinedAt: number;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface NewInvitation extends Invitation {
  token: string;
  link: string;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  scope: KeyScope;
  createdBy?: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AuditEntry {
  at: number;
  actor: string | null;
  sourceIp?: string | null;
  action: string;
  target?: string | null;
  before?: string | null;
  after?: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

const path = (s: string) => encodeURIComponent(s);

export const team = {
  me: () => request<Me>('GET', '/v1/me'),
  createOrganization: (organization: string) => request<CreatedOrganization>('POST', '/v1/organizations', { body: { organization } }),
  /** The owner deletes the organization; `confirm` is its name, exactly (docs/RETENTION.md, "Deleting an organization"). */
  deleteOrganization: (confirm: string) => request<{ tenantId: string; deletedAt: string }>('DELETE', '/v1/tenant', { body: { confirm } }),
  members: () => request<{ members: Member[] }>('GET', '/v1/members'),
  changeRole: (userId: string, role: Role) => request<Member>('PATCH', '/v1/members/' + path(userId), { body: { role } }),
  removeMember: (userId: string) => request<void>('DELETE', '/v1/members/' + path(userId)),
  invitations: () => request<{ invitations: Invitation[] }>('GET', '/v1/invitations'),
  invite: (email: string, role: Role) => request<NewInvitation>('POST', '/v1/invitations', { body: { email, role } }),
  revokeInvitation: (id: string) => request<void>('DELETE', '/v1/invitations/' + path(id)),
  accept: (token: string) =>
    request<Member & { tenantId: string; organization: string | null }>('POST', '/v1/invitations/accept', { body: { token } }),
  keys: () => request<{ keys: ApiKeyInfo[] }>('GET', '/v1/keys'),
  createKey: (name: string, scope: KeyScope) => request<ApiKeyInfo & { key: string }>('POST', '/v1/keys', { body: { name, scope } }),
  revokeKey: (id: string) => request<void>('DELETE', '/v1/keys/' + path(id)),
  audit: (cursor: string | null) => request<AuditPage>('GET', '/v1/audit?' + new URLSearchParams(cursor ? { cursor } : {}).toString()),
};
