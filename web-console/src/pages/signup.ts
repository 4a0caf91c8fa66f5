// Sign up: creates the tenant, then shows the api key once (it is stored only as a hash) and the
// snippet to paste.
import { api, ApiError } from '../api';
import { signIn, storeSnippet } from '../auth';
import { copyButton, h, replaceChildren } from '../dom';
import { bare, forgetTenant } from '../layout';
import type { Page } from '../router';
import { snippetBlock } from '../snippet';
import type { Signup } from '../types';

export function signupPage(): Page {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const email = h('input', {
    type: 'email',
    name: 'email',
    required: true,
    autocomplete: 'email',
    placeholder: 'you@company.com',
    maxlength: 254,
  });
  const organization = h('input', {
    type: 'text',
    name: 'organization',
    required: true,
    autocomplete: 'organization',
    placeholder: 'Acme Inc.',
    maxlength: 100,
  });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Create account');
  const card = h('section', { class: 'card narrow' });
  const form = h(
    'form',
    { class: 'form', onsubmit: onSubmit },
    h('label', null, 'Work email', email),
    h('label', null, 'Organization', organization),
    error,
    submit,
  );
  replaceChildren(
    card,
    h('h1', null, 'Create your Rewind account'),
    h('p', { class: 'lead' }, 'Record what visitors see, find the sessions where they struggled, and watch them.'),
    form,
    h('p', { class: 'muted' }, 'Already have an api key? ', h('a', { href: '/signin' }, 'Sign in')),
  );

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = 'Creating…';
    try {
      const signup = await api.signup(email.value.trim(), organization.value.trim());
      signIn(signup.apiKey);
      storeSnippet(signup.snippet);
      forgetTenant();
      replaceChildren(card, ...welcome(signup));
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : 'Sign-up failed. Try again.';
      submit.disabled = false;
      submit.textContent = 'Create account';
    }
  }

  return { element: bare(card) };
}

function welcome(signup: Signup): HTMLElement[] {
  const key = h('code', { class: 'secret', 'data-api-key': '' }, signup.apiKey);
  return [
    h('h1', null, 'Your account is ready'),
    h(
      'div',
      { class: 'warning', role: 'alert' },
      h('strong', null, 'Save your api key now. '),
      'It is shown only this once: Rewind keeps only a hash of it. You need it to sign in to the console and to call the API. ',
      'If you lose it, rotate it in Settings while you are still signed in.',
    ),
    h(
      'div',
      { class: 'key-row' },
      key,
      copyButton(() => signup.apiKey, 'Copy api key'),
    ),
    h('h2', null, 'Paste this snippet into the <head> of your site'),
    h('p', { class: 'muted' }, 'It loads the recorder asynchronously; calls made before it arrives are queued.'),
    snippetBlock(signup.snippet),
    h('div', { class: 'actions' }, h('a', { href: '/install', class: 'button primary', 'data-continue': '' }, 'Continue to install')),
  ];
}
