// Sign in: a user of the user pool with email and password (through Cognito, docs/CONSOLE.md,
// "Signing in"), or an api key, checked against the API before it is kept.
import { api, ApiError } from '../api';
import { signIn } from '../auth';
import { cognitoConfig } from '../cognito';
import { h, replaceChildren } from '../dom';
import { bare, forgetTenant, rememberTenant } from '../layout';
import { signInUser } from '../membership';
import { navigate, type Page, type RouteContext } from '../router';

/** Where to go after signing in: `?next=` when it is a path of this console. */
function nextPath(search: URLSearchParams, fallback: string): string {
  const next = search.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

export function signinPage({ search }: RouteContext): Page {
  const userArea = h('div');
  const card = h(
    'section',
    { class: 'card narrow' },
    h('h1', null, 'Sign in'),
    userArea,
    apiKeyForm(search),
    h('p', { class: 'muted' }, 'New to Rewind? ', h('a', { href: '/signup' }, 'Create an account')),
  );
  cognitoConfig().then((pool) => {
    if (pool)
      replaceChildren(userArea, userForm(search), h('div', { class: 'divider' }, 'or, for scripts and older accounts, with an api key'));
  });
  return { element: bare(card) };
}

function userForm(search: URLSearchParams): HTMLElement {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const email = h('input', {
    type: 'email',
    name: 'email',
    required: true,
    autocomplete: 'username',
    placeholder: 'you@company.com',
    maxlength: 254,
  });
  const password = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'current-password' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Sign in');

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const organization = await signInUser(email.value.trim().toLowerCase(), password.value);
      forgetTenant();
      navigate(organization ? nextPath(search, '/sessions') : '/organizations', { replace: true });
    } catch (e) {
      error.textContent = (e as Error).message;
      submit.disabled = false;
    }
  }

  return h(
    'form',
    { class: 'form', 'data-user-form': '', onsubmit: onSubmit },
    h('label', null, 'Email', email),
    h('label', null, 'Password', password),
    error,
    submit,
    h('p', { class: 'muted' }, h('a', { href: '/forgot' }, 'Forgot your password?')),
  );
}

function apiKeyForm(search: URLSearchParams): HTMLElement {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const key = h('input', {
    type: 'password',
    name: 'apiKey',
    required: true,
    autocomplete: 'off',
    placeholder: 'sk_…',
    spellcheck: 'false',
  });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Sign in with the api key');

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    error.textContent = '';
    const value = key.value.trim();
    if (!value.startsWith('sk_')) {
      error.textContent = 'An api key starts with sk_. (Keys starting with pk_ are ingest keys for the snippet.)';
      return;
    }
    submit.disabled = true;
    try {
      const tenant = await api.tenant(value);
      signIn(value);
      rememberTenant(tenant);
      navigate(nextPath(search, '/sessions'), { replace: true });
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401 ? 'This api key is unknown or was rotated.' : (e as Error).message;
      submit.disabled = false;
    }
  }

  return h('form', { class: 'form', 'data-key-form': '', onsubmit: onSubmit }, h('label', null, 'Api key', key), error, submit);
}
