// The audit log: every change an admin or a key made, newest first, a page at a time, with its actor,
// time and source address. Nobody can edit it; it is kept a year (docs/SECURITY.md, "Users and roles").
import { errorBox, h, replaceChildren } from '../dom';
import { shell } from '../layout';
import { currentOrganization } from '../membership';
import { setSearch, type Page, type RouteContext } from '../router';
import { team, type AuditEntry } from '../team';
import { teamTabs, when } from './team-nav';

/** How each action of the API reads in the log. */
const ACTIONS: Record<string, string> = {
  'organization.create': 'created the organization',
  'member.invite': 'invited',
  'member.join': 'joined:',
  'member.role': 'changed the role of',
  'member.remove': 'removed',
  'invitation.revoke': 'revoked the invitation of',
  'key.create': 'created',
  'key.revoke': 'revoked',
  'key.rotate': 'rotated the',
  'settings.update': 'changed the',
  'session.delete': 'deleted',
  'user_data.delete': 'deleted the sessions of',
  'share.create': 'shared',
};

export function auditPage({ search }: RouteContext): Page {
  const tabs = h('div');
  const results = h('section', { class: 'card' });
  /** The cursors of the pages before this one, so ← Newer goes back. */
  const earlier: (string | null)[] = [];
  let cursor: string | null = search.get('cursor');

  async function load() {
    replaceChildren(
      results,
      h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading the audit log…'),
    );
    results.dataset.state = 'loading';
    try {
      replaceChildren(tabs, teamTabs('audit', await currentOrganization()));
      const page = await team.audit(cursor);
      setSearch(new URLSearchParams(cursor ? { cursor } : {}), { replace: true });
      if (!page.entries.length) {
        results.dataset.state = 'empty';
        replaceChildren(
          results,
          h(
            'p',
            { class: 'empty-list' },
            cursor ? 'No older entries.' : 'Nothing recorded yet. Changes to members, keys and settings appear here.',
          ),
        );
        return;
      }
      results.dataset.state = 'ready';
      replaceChildren(
        results,
        h(
          'table',
          { class: 'team', 'data-audit': '' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, 'When'),
              h('th', null, 'Who'),
              h('th', null, 'What'),
              h('th', null, 'Change'),
              h('th', null, 'From'),
            ),
          ),
          h('tbody', null, page.entries.map(row)),
        ),
        h(
          'div',
          { class: 'actions' },
          earlier.length > 0 &&
            h('button', { type: 'button', class: 'button', 'data-newer': '', onclick: () => go(earlier.pop() ?? null) }, '← Newer'),
          page.nextCursor &&
            h(
              'button',
              {
                type: 'button',
                class: 'button',
                'data-older': '',
                onclick: () => {
                  earlier.push(cursor);
                  go(page.nextCursor);
                },
              },
              'Older →',
            ),
        ),
      );
    } catch (e) {
      results.dataset.state = 'error';
      replaceChildren(results, errorBox((e as Error).message, load));
    }
  }

  function go(next: string | null) {
    cursor = next;
    load();
  }

  load();
  return { element: shell('team', h('h1', null, 'Team'), tabs, h('h2', null, 'Audit log'), results) };
}

function row(entry: AuditEntry): HTMLElement {
  return h(
    'tr',
    { 'data-audit-action': entry.action },
    h('td', null, when(entry.at)),
    h('td', { 'data-actor': '' }, entry.actor || 'unknown'),
    h('td', null, (ACTIONS[entry.action] || entry.action) + (entry.target ? ' ' + entry.target : '')),
    h('td', { class: 'muted' }, change(entry)),
    h('td', { class: 'muted' }, entry.sourceIp || ''),
  );
}

/** Before → after; for settings (whole JSON objects) only the fields that changed. */
export function change(entry: Pick<AuditEntry, 'before' | 'after'>): string {
  if (!entry.before && !entry.after) return '';
  try {
    const before = JSON.parse(entry.before || 'null');
    const after = JSON.parse(entry.after || 'null');
    if (before && after && typeof before === 'object' && typeof after === 'object') {
      return Object.keys({ ...before, ...after })
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => `${k}: ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`)
        .join('; ');
    }
  } catch {
    // plain words (a role), not JSON
  }
  return `${entry.before ?? '—'} → ${entry.after ?? '—'}`;
}
