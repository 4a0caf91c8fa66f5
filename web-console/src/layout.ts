// The frame around signed-in pages: header, navigation, the tenant's name, sign out, and one-off
// notices carried across a navigation ("Session deleted").
import { api } from './api';
import { signOut } from './auth';
import { h, type Child } from './dom';
import { forgetMe, organizationSwitcher } from './membership';
import { navigate } from './router';
import type { Tenant } from './types';
import { userSession } from './user';

let tenant: Promise<Tenant> | null = null;
let notice: string | null = null;

/** The signed-in tenant, fetched once per sign-in. */
export function currentTenant(): Promise<Tenant> {
  if (!tenant) {
    tenant = api.tenant();
    tenant.catch(() => (tenant = null));
  }
  return tenant;
}

export function forgetTenant(): void {
  tenant = null;
}

export function rememberTenant(value: Tenant): void {
  tenant = Promise.resolve(value);
}

/** Shows a message at the top of the next page rendered. */
export function setNotice(message: string): void {
  notice = message;
}

export type Section = 'sessions' | 'insights' | 'install' | 'settings' | 'usage' | 'team';

export function shell(active: Section, ...content: Child[]): HTMLElement {
  const organization = h('span', { class: 'organization' });
  currentTenant().then(
    (t) => (organization.textContent = t.organization),
    () => {},
  );
  const link = (section: Section, href: string, label: string) =>
    h('a', { href, class: section === active ? 'nav-link active' : 'nav-link', 'aria-current': section === active ? 'page' : null }, label);
  return h(
    'div',
    { class: 'shell' },
    h(
      'header',
      { class: 'topbar' },
      h('a', { href: '/sessions', class: 'brand' }, logo(), 'Rewind'),
      h(
        'nav',
        { class: 'nav', 'aria-label': 'Main' },
        link('sessions', '/sessions', 'Sessions'),
        link('insights', '/insights', 'Insights'),
        link('install', '/install', 'Install'),
        link('settings', '/settings', 'Settings'),
        link('usage', '/usage', 'Usage'),
        link('team', '/members', 'Team'),
      ),
      h(
        'div',
        { class: 'account' },
        userSession() ? organizationSwitcher(forgetTenant) : organization,
        h('button', { type: 'button', class: 'button small ghost', onclick: () => leave() }, 'Sign out'),
      ),
    ),
    h('main', { class: 'content' }, takeNotice(), ...content),
  );
}

/** The frame of pages without an account: sign up, sign in, a shared replay. */
export function bare(...content: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'shell bare' },
    h('header', { class: 'topbar' }, h('span', { class: 'brand' }, logo(), 'Rewind')),
    h('main', { class: 'content' }, takeNotice(), ...content),
  );
}

function takeNotice(): HTMLElement | null {
  const flash = notice ? h('div', { class: 'notice', role: 'status' }, notice) : null;
  notice = null;
  return flash;
}

export function leave(message?: string): void {
  signOut();
  forgetTenant();
  forgetMe();
  if (message) setNotice(message);
  navigate('/signin');
}

/** The mark: a rewind symbol on the accent colour, drawn as SVG (no icon font to load). */
function logo(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'logo');
  svg.setAttribute('aria-hidden', 'true');
  const tile = document.createElementNS(ns, 'rect');
  for (const [name, value] of Object.entries({ width: '24', height: '24', rx: '6' })) tile.setAttribute(name, value);
  svg.appendChild(tile);
  for (const points of ['12,7 5,12 12,17', '19,7 12,12 19,17']) {
    const arrow = document.createElementNS(ns, 'polygon');
    arrow.setAttribute('points', points);
    arrow.setAttribute('fill', '#fff');
    svg.appendChild(arrow);
  }
  return svg;
}
