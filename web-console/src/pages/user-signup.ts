// Sign up as a person: creates the user in the Cognito user pool (the password goes only to Cognito),
// signs in, and creates the organization with that user as its owner (POST /v1/organizations). Where
// Cognito emails a confirmation code first, the page asks for it. Without a user pool the console
// offers the api-key sign-up (src/pages/signup.ts) instead.
import { ApiError } from '../api';
import { storeSnippet } from '../auth';
import { cognito, cognitoConfig, CognitoError } from '../cognito';
import { h, replaceChildren } from '../dom';
import { bare, forgetTenant } from '../layout';
import { forgetMe, signInUser } from '../membership';
import type { Page, RouteContext } from '../router';
import { snippetBlock } from '../snippet';
import { team } from '../team';
import { chooseOrganization } from '../user';
import { signupPage } from './signup';

export function userSignupPage(context: RouteContext): Page {
  const holder = h('div', null, h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
  cognitoConfig().then((pool) => {
    if (!pool) {
      holder.replaceWith(signupPage().element);
      return;
    }
    holder.replaceWith(bare(signupCard(context)));
  });
  return { element: holder };
}

/** The email and password fields, shared by sign-up and the invitation page. */
export function credentialFields(): { email: HTMLInputElement; password: HTMLInputElement; labels: HTMLElement[] } {
  const email = h('input', {
    type: 'email',
    name: 'email',
    required: true,
    autocomplete: 'username',
    placeholder: 'you@company.com',
    maxlength: 254,
  });
  const password = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'new-password', minlength: 12 });
  return {
    email,
    password,
    labels: [
      h('label', null, 'Work email', email),
      h(
        'label',
        null,
        'Password',
        password,
        h('span', { class: 'hint' }, 'At least 12 characters, with upper and lower case letters and a digit.'),
      ),
    ],
  };
}

/**
 * Creates the user and signs them in. When Cognito sends a confirmation code first, `askCode` shows a
 * field for it and resolves with what the user typed.
 */
export async function createUser(email: string, password: string, askCode: () => Promise<string>): Promise<void> {
  const { confirmed } = await cognito.signUp(email, password);
  try {
    await signInUser(email, password);
  } catch (e) {
    // Cognito emailed a code first (the local runner confirms at once, though its answer says otherwise)
    if (confirmed || !(e instanceof CognitoError) || e.type !== 'UserNotConfirmedException') throw e;
    await cognito.confirmSignUp(email, await askCode());
    await signInUser(email, password);
  }
}

/** A field for the code Cognito emailed; resolves when the user submits it. */
export function codeStep(area: HTMLElement, email: string): Promise<string> {
  return new Promise((resolve) => {
    const code = h('input', { type: 'text', name: 'code', required: true, autocomplete: 'one-time-code', inputmode: 'numeric' });
    replaceChildren(
      area,
      h(
        'form',
        {
          class: 'form',
          onsubmit: (event: SubmitEvent) => {
            event.preventDefault();
            resolve(code.value.trim());
          },
        },
        h('p', null, `We emailed a confirmation code to ${email}.`),
        h('label', null, 'Code', code),
        h('button', { type: 'submit', class: 'button primary' }, 'Confirm'),
      ),
    );
  });
}

function signupCard({ search }: RouteContext): HTMLElement {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const { email, password, labels } = credentialFields();
  const organization = h('input', {
    type: 'text',
    name: 'organization',
    required: true,
    autocomplete: 'organization',
    placeholder: 'Acme Inc.',
    maxlength: 100,
  });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Create account');
  const step = h('div');
  const card = h('section', { class: 'card narrow' });

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = 'Creating…';
    const address = email.value.trim().toLowerCase();
    try {
      await createUser(address, password.value, () => codeStep(step, address));
      const created = await team.createOrganization(organization.value.trim());
      chooseOrganization(created.tenantId);
      storeSnippet(created.snippet);
      forgetMe();
      forgetTenant();
      replaceChildren(
        card,
        h('h1', null, 'Your organization is ready'),
        h(
          'p',
          null,
          `You are the owner of ${created.organization}. Invite your team from Team → Members; make api keys for scripts under Team → API keys.`,
        ),
        h('h2', null, 'Paste this snippet into the <head> of your site'),
        h(
          'p',
          { class: 'muted' },
          'It loads the recorder asynchronously; calls made before it arrives are queued. The Install page always shows it again.',
        ),
        snippetBlock(created.snippet),
        h('div', { class: 'actions' }, h('a', { href: '/install', class: 'button primary', 'data-continue': '' }, 'Continue to install')),
      );
    } catch (e) {
      replaceChildren(step);
      error.textContent = e instanceof ApiError ? e.message : (e as Error).message;
      submit.disabled = false;
      submit.textContent = 'Create account';
    }
  }

  replaceChildren(
    card,
    h('h1', null, 'Create your Rewind account'),
    h('p', { class: 'lead' }, 'Record what visitors see, find the sessions where they struggled, and watch them — with your team.'),
    h(
      'form',
      { class: 'form', 'data-user-signup': '', onsubmit: onSubmit },
      ...labels,
      h('label', null, 'Organization', organization),
      error,
      submit,
    ),
    step,
    h(
      'p',
      { class: 'muted' },
      'Already have an account? ',
      h('a', { href: '/signin' + (search.get('next') ? '?next=' + encodeURIComponent(search.get('next')!) : '') }, 'Sign in'),
    ),
    h('p', { class: 'muted' }, 'Only need an api key for scripts? ', h('a', { href: '/signup/api-key' }, 'Create an api-key account')),
  );
  return card;
}
