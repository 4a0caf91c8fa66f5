// The console's entry point: routes, and the sign-in guard.
import './styles.css';
import { setUnauthorizedHandler } from './api';
import { isSignedIn } from './auth';
import { h } from './dom';
import { bare, leave } from './layout';
import { insightsPage } from './pages/insights';
import { installPage } from './pages/install';
import { sessionReplayPage, sharedReplayPage } from './pages/replay';
import { sessionsPage } from './pages/sessions';
import { settingsPage } from './pages/settings';
import { signinPage } from './pages/signin';
import { signupPage } from './pages/signup';
import { navigate, startRouter, type Page, type RouteContext } from './router';

/** Pages behind sign-in send the visitor to /signin and back afterwards. */
function signedIn(render: (context: RouteContext) => Page): (context: RouteContext) => Page {
  return (context) => {
    if (isSignedIn()) return render(context);
    const next = location.pathname + location.search;
    queueMicrotask(() => navigate('/signin?next=' + encodeURIComponent(next), { replace: true }));
    return { element: h('div') };
  };
}

function home(): Page {
  queueMicrotask(() => navigate(isSignedIn() ? '/sessions' : '/signup', { replace: true }));
  return { element: h('div') };
}

function notFound(): Page {
  return { element: bare(h('section', { class: 'card narrow' }, h('h1', null, 'Page not found'), h('p', null, h('a', { href: '/' }, 'Go to the console')))) };
}

setUnauthorizedHandler(() => leave('Your api key no longer works (it may have been rotated). Sign in with the current one.'));

startRouter(document.getElementById('app')!, [
  { pattern: '/', render: home },
  { pattern: '/signup', render: signupPage },
  { pattern: '/signin', render: signinPage },
  { pattern: '/install', render: signedIn(installPage) },
  { pattern: '/sessions', render: signedIn(sessionsPage) },
  { pattern: '/sessions/:id', render: signedIn(sessionReplayPage) },
  { pattern: '/insights', render: signedIn(insightsPage) },
  { pattern: '/settings', render: signedIn(settingsPage) },
  { pattern: '/share/:token', render: sharedReplayPage },
  { pattern: '*', render: notFound },
]);
