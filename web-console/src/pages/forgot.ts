// Forgot password: Cognito's ForgotPassword (it emails a code) then ConfirmForgotPassword with the
// code and a new password, then sign in. On the emulator no email is sent and any code is accepted
// (docs/CONSOLE.md, "Signing in").
import { cognito, cognitoConfig } from '../cognito';
import { h, replaceChildren, type Child } from '../dom';
import { bare, forgetTenant } from '../layout';
import { signInUser } from '../membership';
import { navigate, type Page } from '../router';

export function forgotPage(): Page {
  const card = h('section', { class: 'card narrow' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const email = h('input', {
    type: 'email',
    name: 'email',
    required: true,
    autocomplete: 'username',
    placeholder: 'you@company.com',
    maxlength: 254,
  });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Send a code');

  async function askCode(event: SubmitEvent) {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    const address = email.value.trim().toLowerCase();
    try {
      await cognito.forgotPassword(address);
      const local = (await cognitoConfig())?.url.startsWith('/');
      replaceChildren(card, ...resetStep(address, local === true));
    } catch (e) {
      error.textContent = (e as Error).message;
      submit.disabled = false;
    }
  }

  replaceChildren(
    card,
    h('h1', null, 'Reset your password'),
    h('p', { class: 'muted' }, 'We email you a code to set a new password.'),
    h('form', { class: 'form', 'data-forgot-form': '', onsubmit: askCode }, h('label', null, 'Email', email), error, submit),
    h('p', { class: 'muted' }, h('a', { href: '/signin' }, 'Back to sign in')),
  );
  return { element: bare(card) };
}

function resetStep(email: string, local: boolean): Child[] {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const code = h('input', { type: 'text', name: 'code', required: true, autocomplete: 'one-time-code' });
  const password = h('input', { type: 'password', name: 'newPassword', required: true, autocomplete: 'new-password', minlength: 12 });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Set the new password');

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await cognito.confirmForgotPassword(email, code.value.trim(), password.value);
      const organization = await signInUser(email, password.value);
      forgetTenant();
      navigate(organization ? '/sessions' : '/organizations', { replace: true });
    } catch (e) {
      error.textContent = (e as Error).message;
      submit.disabled = false;
    }
  }

  return [
    h('h1', null, 'Check your email'),
    h('p', null, `If ${email} has an account, a code is on its way.`),
    local && h('p', { class: 'hint', 'data-local-hint': '' }, 'The local runner sends no email: its emulator accepts any code.'),
    h(
      'form',
      { class: 'form', 'data-reset-form': '', onsubmit: onSubmit },
      h('label', null, 'Code', code),
      h(
        'label',
        null,
        'New password',
        password,
        h('span', { class: 'hint' }, 'At least 12 characters, with upper and lower case letters and a digit.'),
      ),
      error,
      submit,
    ),
  ];
}
