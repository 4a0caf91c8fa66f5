// The tabs of the Team section: Members for everyone; API keys and the Audit log for admins.
import { h } from '../dom';
import { dateTime } from '../format';
import type { Organization } from '../team';

export type TeamTab = 'members' | 'keys' | 'audit';

export function teamTabs(active: TeamTab, organization: Organization | null): HTMLElement {
  const admin = !organization || organization.role !== 'member';
  const tab = (id: TeamTab, href: string, label: string) =>
    h('a', { href, class: 'tab', 'aria-selected': id === active ? 'true' : 'false', 'aria-current': id === active ? 'page' : null }, label);
  return h(
    'nav',
    { class: 'tabs team-tabs', 'aria-label': 'Team' },
    tab('members', '/members', 'Members'),
    admin && tab('keys', '/keys', 'API keys'),
    admin && tab('audit', '/audit', 'Audit log'),
  );
}

/** A time of the team routes (epoch milliseconds), as the rest of the console shows times. */
export function when(ms: number): string {
  return dateTime(new Date(ms).toISOString());
}
