// Accepting an invitation: the link carries its token in the fragment (/accept#in_…), which no
// server sees. The invited person signs in, or creates their user if they are new, and joins the
// organization with the invitation's role; the API checks the invitation is for their verified email.
import { ApiError } from '../api';
import { cognitoConfig } from '../cognito';
import { h, replaceChildren } from '../dom';
import { bare, forgetTenant, setNotice } from '../layout';
import { forgetMe, ROLE_LABELS, signInUser } from '../membership';
import { navigate, type Page } from '../router';
import { team } from '../team';
import { chooseOrganization, userSession } from '../user';
import { codeStep, createUser, credentialFields } from './user-signup';

export function acceptPage(): Page {
  const token = location.hash.slice(1);
  const card = h('section', { class: 'card narrow' }, h('h1', null, 'Join your team on Rewind'));
  const area = h('div');
  card.appendChild(area);
  if (!token.startsWith('in_')) {
    replaceChildren(
      area,
      h(
        'div',
        { class: 'state error', role: 'alert' },
        h('p', null, 'This invitation link is incomplete. Open the whole link you were sent, or ask for a new invitation.'),
      ),
    );
    return { element: bare(card) };
  }

  async function join() {
    try {
      const joined = await team.accept(token);
      chooseOrganization(joined.tenantId);
      forgetMe();
      forgetTenant();
      history.replaceState(null, '', '/accept');
      setNotice(`You joined ${joined.organization} as ${ROLE_LABELS[joined.role].toLowerCase()}.`);
      navigate('/sessions', { replace: true });
    } catch (e) {
      const message =
        e instanceof ApiError && e.code === 'not_found'
          ? 'This invitation was already used, was revoked, or has expired. Ask for a new one.'
          : e instanceof ApiError && e.code === 'already_member'
            ? 'You are already a member of this organization.'
            : (e as Error).message;
      replaceChildren(
        area,
        h(
          'div',
          { class: 'state error', role: 'alert', 'data-accept-error': '' },
          h('p', null, message),
          h('a', { href: '/sessions', class: 'button' }, 'Go to the console'),
        ),
      );
    }
  }

  const session = userSession();
  if (session) {
    replaceChildren(
      area,
      h('p', null, `You are signed in as ${session.email}.`),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'button primary', 'data-accept': '', onclick: join }, 'Accept the invitation'),
        h('a', { href: '/signin', class: 'button' }, 'Use another account'),
      ),
    );
    return { element: bare(card) };
  }

  cognitoConfig().then((pool) => {
    if (!pool) {
      replaceChildren(
        area,
        h(
          'div',
          { class: 'state error', role: 'alert' },
          h('p', null, 'This Rewind has no user pool, so invitations cannot be accepted here.'),
        ),
      );
      return;
    }
    const { email, password, labels } = credentialFields();
    const error = h('p', { class: 'form-error', role: 'alert' });
    const step = h('div');
    const create = h('button', { type: 'submit', class: 'button primary', 'data-create-and-join': '' }, 'Create my account and join');
    const existing = h('button', { type: 'button', class: 'button', 'data-sign-in-and-join': '' }, 'I have an account: sign in and join');

    async function run(how: 'create' | 'sign-in') {
      if (!email.reportValidity() || !password.reportValidity()) return;
      error.textContent = '';
      create.disabled = existing.disabled = true;
      const address = email.value.trim().toLowerCase();
      try {
        if (how === 'create') await createUser(address, password.value, () => codeStep(step, address));
        else await signInUser(address, password.value);
        await join();
      } catch (e) {
        replaceChildren(step);
        error.textContent = (e as Error).message;
        create.disabled = existing.disabled = false;
      }
    }
    existing.addEventListener('click', () => run('sign-in'));
    replaceChildren(
      area,
      h('p', null, 'Use the email address the invitation was sent to.'),
      h(
        'form',
        {
          class: 'form',
          'data-accept-form': '',
          onsubmit: (event: SubmitEvent) => {
            event.preventDefault();
            run('create');
          },
        },
        ...labels,
        error,
        h('div', { class: 'actions' }, create, existing),
      ),
      step,
    );
  });
  return { element: bare(card) };
}
