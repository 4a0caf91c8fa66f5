// The console's entry point: routes, and the sign-in guard.
import './styles.css';
import { setUnauthorizedHandler } from './api';
import { isSignedIn } from './auth';
import { h } from './dom';
import { bare, forgetTenant, leave, setNotice, shell } from './layout';
import { adminOnly, forgetMe } from './membership';
import { acceptPage } from './pages/accept';
import { auditPage } from './pages/audit';
import { forgotPage } from './pages/forgot';
import { errorGroupPage, errorsPage } from './pages/errors';
import { insightsPage } from './pages/insights';
import { installPage } from './pages/install';
import { keysPage } from './pages/keys';
import { membersPage } from './pages/members';
import { organizationsPage } from './pages/organizations';
import { sessionReplayPage, sharedReplayPage } from './pages/replay';
import { sessionsPage } from './pages/sessions';
import { settingsPage } from './pages/settings';
import { signinPage } from './pages/signin';
import { signupPage } from './pages/signup';
import { userSignupPage } from './pages/user-signup';
import { usagePage } from './pages/usage';
import { navigate, startRouter, type Page, type RouteContext } from './router';
import { forgetOrganization, organizationId, userSession } from './user';

/** Pages behind sign-in send the visitor to /signin and back afterwards. */
function signedIn(render: (context: RouteContext) => Page): (context: RouteContext) => Page {
  return (context) => {
    if (isSignedIn() && !(userSession() && !organizationId())) return render(context);
    if (isSignedIn()) {
      // a user who has not chosen an organization yet (or was removed from theirs) chooses one first
      queueMicrotask(() => navigate('/organizations', { replace: true }));
      return { element: h('div') };
    }
    const next = location.pathname + location.search;
    queueMicrotask(() => navigate('/signin?next=' + encodeURIComponent(next), { replace: true }));
    return { element: h('div') };
  };
}

function home(): Page {
  queueMicrotask(() => navigate(isSignedIn() ? '/sessions' : '/signup', { replace: true }));
  return { element: h('div') };
}

/** A user's organizations; an api key names its one tenant, so it has none to choose from. */
function organizations(context: RouteContext): Page {
  if (userSession()) return organizationsPage();
  return signedIn(home)(context); // an api key goes to its sessions; nobody signed in, to sign in
}

function notFound(): Page {
  return {
    element: bare(
      h('section', { class: 'card narrow' }, h('h1', null, 'Page not found'), h('p', null, h('a', { href: '/' }, 'Go to the console'))),
    ),
  };
}

setUnauthorizedHandler((error) => {
  if (error.code === 'not_a_member') {
    // removed from this organization (or it is gone): the user may still belong to others
    forgetOrganization();
    forgetTenant();
    forgetMe();
    setNotice('You are no longer a member of that organization.');
    navigate('/organizations', { replace: true });
  } else if (userSession()) {
    leave('Your sign-in has ended. Sign in again.');
  } else {
    leave('Your api key no longer works (it may have been rotated). Sign in with the current one.');
  }
});

/** The frame an admin page shows while it finds out whether the user may see it. */
const framed = (section: 'settings' | 'team', title: string) => (content: HTMLElement) => shell(section, h('h1', null, title), content);

startRouter(document.getElementById('app')!, [
  { pattern: '/', render: home },
  { pattern: '/signup', render: userSignupPage },
  { pattern: '/signup/api-key', render: signupPage },
  { pattern: '/signin', render: signinPage },
  { pattern: '/forgot', render: forgotPage },
  { pattern: '/accept', render: acceptPage },
  { pattern: '/organizations', render: organizations },
  { pattern: '/install', render: signedIn(installPage) },
  { pattern: '/sessions', render: signedIn(sessionsPage) },
  { pattern: '/sessions/:id', render: signedIn(sessionReplayPage) },
  { pattern: '/insights', render: signedIn(insightsPage) },
  { pattern: '/insights/errors', render: signedIn(errorsPage) },
  { pattern: '/insights/errors/:id', render: signedIn(errorGroupPage) },
  { pattern: '/settings', render: signedIn(adminOnly('Settings', settingsPage, framed('settings', 'Settings'))) },
  { pattern: '/usage', render: signedIn(usagePage) },
  { pattern: '/members', render: signedIn(membersPage) },
  { pattern: '/keys', render: signedIn(adminOnly('API keys', keysPage, framed('team', 'Team'))) },
  { pattern: '/audit', render: signedIn(adminOnly('The audit log', auditPage, framed('team', 'Team'))) },
  { pattern: '/share/:token', render: sharedReplayPage },
  { pattern: '*', render: notFound },
]);
