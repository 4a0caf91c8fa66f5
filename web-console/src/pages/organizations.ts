// The organizations of a signed-in user: open one, or create another (the user becomes its owner).
// A user who belongs to none (their membership was removed, or they have not been invited) lands here.
import { ApiError } from '../api';
import { storeSnippet } from '../auth';
import { errorBox, h, replaceChildren } from '../dom';
import { bare, forgetTenant, leave } from '../layout';
import { currentMe, forgetMe, ROLE_LABELS } from '../membership';
import { navigate, type Page } from '../router';
import { team } from '../team';
import { chooseOrganization, organizationId } from '../user';

export function organizationsPage(): Page {
  const list = h(
    'div',
    null,
    h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading your organizations…'),
  );

  function open(tenantId: string) {
    chooseOrganization(tenantId);
    forgetTenant();
    navigate('/sessions');
  }

  const load = () =>
    currentMe().then(
      ({ email, organizations }) =>
        replaceChildren(
          list,
          h('p', { class: 'muted' }, `Signed in as ${email}.`),
          organizations.length
            ? h(
                'ul',
                { class: 'plain', 'data-organizations': '' },
                organizations.map((o) =>
                  h(
                    'li',
                    null,
                    h(
                      'button',
                      {
                        type: 'button',
                        class: o.tenantId === organizationId() ? 'button primary' : 'button',
                        onclick: () => open(o.tenantId),
                      },
                      `${o.organization} · ${ROLE_LABELS[o.role]}`,
                    ),
                  ),
                ),
              )
            : h(
                'p',
                { 'data-no-organization': '' },
                'You do not belong to any organization. Open the invitation link a teammate sent you, or create an organization below.',
              ),
        ),
      (e) => replaceChildren(list, errorBox((e as Error).message, load)),
    );

  const error = h('p', { class: 'form-error', role: 'alert' });
  const name = h('input', { type: 'text', name: 'organization', required: true, maxlength: 100, placeholder: 'Acme Inc.' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Create organization');
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      const created = await team.createOrganization(name.value.trim());
      storeSnippet(created.snippet);
      forgetMe();
      open(created.tenantId);
      navigate('/install', { replace: true });
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : 'The organization was not created. Try again.';
      submit.disabled = false;
    }
  }

  load();
  return {
    element: bare(
      h(
        'section',
        { class: 'card narrow' },
        h('h1', null, 'Your organizations'),
        list,
        h('h2', null, 'Create an organization'),
        h('form', { class: 'inline-form', 'data-organization-form': '', onsubmit: onSubmit }, h('label', null, 'Name', name), submit),
        error,
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button ghost', onclick: () => leave() }, 'Sign out')),
      ),
    ),
  };
}
