// Who the signed-in user is in the organization they work in: GET /v1/me (their organizations and
// roles), the organization switcher in the header, and the refusal a member sees on admin pages.
// The API decides every request on its own (docs/SECURITY.md, "Users and roles"); this only spares a
// member a page of forms they cannot save.
import './team.css';
import { signOut } from './auth';
import { cognito } from './cognito';
import { h, replaceChildren } from './dom';
import { navigate, type Page, type RouteContext } from './router';
import { team, type Me, type Organization, type Role } from './team';
import { chooseOrganization, organizationId, startUserSession, userSession } from './user';

let me: { email: string; answer: Promise<Me> } | null = null;

/** The signed-in user's organizations, fetched once per sign-in (and again after `forgetMe`). */
export function currentMe(): Promise<Me> {
  const email = userSession()?.email || '';
  if (!me || me.email !== email) {
    const answer = team.me();
    me = { email, answer };
    answer.catch(() => (me = null));
  }
  return me.answer;
}

export function forgetMe(): void {
  me = null;
}

/** The organization the user works in, or null for an api key (its scope decides; the API checks it). */
export async function currentOrganization(): Promise<Organization | null> {
  if (!userSession()) return null;
  const { organizations } = await currentMe();
  return organizations.find((o) => o.tenantId === organizationId()) || null;
}

/**
 * Picks the organization to work in after signing in: the one chosen before if the user still belongs
 * to it, else their first; null when they belong to none.
 */
export async function pickOrganization(): Promise<Organization | null> {
  forgetMe();
  const { organizations } = await currentMe();
  const chosen = organizations.find((o) => o.tenantId === organizationId()) || organizations[0] || null;
  if (chosen) chooseOrganization(chosen.tenantId);
  return chosen;
}

/**
 * Signs in with email and password (the password goes to Cognito only), after ending whatever sign-in
 * this browser had, and picks the organization to work in.
 */
export async function signInUser(email: string, password: string): Promise<Organization | null> {
  await signOut();
  startUserSession(email, await cognito.signIn(email, password));
  return pickOrganization();
}

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

/** The header's organization control: a switcher for a user in several organizations. */
export function organizationSwitcher(onSwitch: () => void): HTMLElement {
  const holder = h('span', { class: 'organization', 'data-organization': '' });
  currentMe().then(
    ({ organizations }) => {
      const select = h(
        'select',
        { 'aria-label': 'Organization', 'data-organization-switcher': '', class: 'organization-switcher' },
        organizations.map((o) =>
          h('option', { value: o.tenantId, selected: o.tenantId === organizationId() }, `${o.organization} · ${ROLE_LABELS[o.role]}`),
        ),
        h('option', { value: '' }, 'Other organizations…'),
      );
      select.addEventListener('change', () => {
        if (!select.value) {
          navigate('/organizations');
          return;
        }
        chooseOrganization(select.value);
        onSwitch();
        navigate('/sessions');
      });
      replaceChildren(holder, select);
    },
    () => {},
  );
  return holder;
}

/**
 * Wraps a page only admins and the owner may use: a member gets a clear refusal instead of forms the
 * API would refuse to save. Api keys and admins get the page.
 */
export function adminOnly(
  what: string,
  render: (context: RouteContext) => Page,
  frame: (content: HTMLElement) => HTMLElement,
): (context: RouteContext) => Page {
  return (context) => {
    let page: Page | null = null;
    let disposed = false;
    const content = h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…');
    const element = frame(content);
    currentOrganization().then(
      (organization) => {
        if (disposed) return;
        if (organization && organization.role === 'member') {
          replaceChildren(content, refusal(what, organization));
          content.className = 'state refusal';
          return;
        }
        page = render(context);
        element.replaceWith(page.element);
      },
      (e) => {
        if (!disposed) replaceChildren(content, h('p', null, (e as Error).message));
      },
    );
    return {
      element,
      dispose: () => {
        disposed = true;
        page?.dispose?.();
      },
    };
  };
}

function refusal(what: string, organization: Organization): HTMLElement {
  return h(
    'div',
    { role: 'alert', 'data-refusal': '' },
    h('h2', null, 'Only admins and the owner can open this page'),
    h(
      'p',
      null,
      `You are a member of ${organization.organization}: you can watch, filter and share sessions. ${what} can be changed only by its admins and owner.`,
    ),
    h('p', null, 'Ask one of them (', h('a', { href: '/members' }, 'Members'), ' lists who) if you need a change.'),
  );
}
