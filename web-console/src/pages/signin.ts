// Sign in with an api key: checked against the API before it is kept.
import { api, ApiError } from '../api';
import { signIn } from '../auth';
import { h } from '../dom';
import { bare, rememberTenant } from '../layout';
import { navigate, type Page, type RouteContext } from '../router';

export function signinPage({ search }: RouteContext): Page {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const key = h('input', { type: 'password', name: 'apiKey', required: true, autocomplete: 'current-password', placeholder: 'sk_…', spellcheck: 'false' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Sign in');

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
      const next = search.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/sessions', { replace: true });
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401 ? 'This api key is unknown or was rotated.' : (e as Error).message;
      submit.disabled = false;
    }
  }

  return {
    element: bare(
      h(
        'section',
        { class: 'card narrow' },
        h('h1', null, 'Sign in'),
        h('form', { class: 'form', onsubmit: onSubmit }, h('label', null, 'Api key', key), error, submit),
        h('p', { class: 'muted' }, 'New to Rewind? ', h('a', { href: '/signup' }, 'Create an account')),
      ),
    ),
  };
}
