// Members: who belongs to the organization and with which role; admins invite (the link to send is
// shown here), change roles, remove members and revoke pending invitations. The owner can hand over
// ownership. Every change is in the audit log.
import { ApiError } from '../api';
import { confirmDialog, copyButton, errorBox, h, replaceChildren } from '../dom';
import { shell } from '../layout';
import { currentOrganization, forgetMe, ROLE_LABELS } from '../membership';
import type { Page } from '../router';
import { team, type Invitation, type Member, type Organization, type Role } from '../team';
import { userSession } from '../user';
import { teamTabs, when } from './team-nav';

export function membersPage(): Page {
  const tabs = h('div');
  const membersArea = h(
    'section',
    { class: 'card' },
    h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading members…'),
  );
  const inviteArea = h('div');
  let organization: Organization | null = null;

  async function load() {
    try {
      organization = await currentOrganization();
      replaceChildren(tabs, teamTabs('members', organization));
      const { members } = await team.members();
      const admin = !organization || organization.role !== 'member';
      replaceChildren(membersArea, h('h2', null, 'Members'), membersTable(members, admin));
      if (admin) await loadInvitations();
      else replaceChildren(inviteArea, h('p', { class: 'muted' }, 'Admins and the owner invite people and change roles.'));
    } catch (e) {
      replaceChildren(membersArea, errorBox((e as Error).message, load));
    }
  }

  function membersTable(members: Member[], admin: boolean): HTMLElement {
    const me = userSession()?.email?.toLowerCase();
    const owner = organization?.role === 'owner';
    return h(
      'table',
      { class: 'team', 'data-members': '' },
      h('thead', null, h('tr', null, h('th', null, 'Email'), h('th', null, 'Role'), h('th', null, 'Joined'), h('th', null, ''))),
      h(
        'tbody',
        null,
        members.map((m) => {
          const self = m.email.toLowerCase() === me;
          const editable = admin && m.role !== 'owner' && !self;
          return h(
            'tr',
            { 'data-member': m.email },
            h('td', null, m.email, self && h('span', { class: 'muted' }, ' (you)')),
            h('td', null, editable ? roleSelect(m, owner) : h('span', { class: 'role-badge', 'data-role': m.role }, ROLE_LABELS[m.role])),
            h('td', null, when(m.joinedAt)),
            h(
              'td',
              { class: 'actions-cell' },
              editable &&
                h('button', { type: 'button', class: 'button small danger', 'data-remove': m.email, onclick: () => remove(m) }, 'Remove'),
            ),
          );
        }),
      ),
    );
  }

  function roleSelect(member: Member, owner: boolean): HTMLElement {
    const choices: Role[] = owner ? ['member', 'admin', 'owner'] : ['member', 'admin'];
    const select = h(
      'select',
      { 'aria-label': 'Role of ' + member.email, 'data-role-select': member.email },
      choices.map((r) =>
        h('option', { value: r, selected: r === member.role }, r === 'owner' ? 'Owner (transfer ownership)' : ROLE_LABELS[r]),
      ),
    );
    select.addEventListener('change', async () => {
      const role = select.value as Role;
      if (role === 'owner') {
        const ok = await confirmDialog({
          title: 'Transfer ownership?',
          body: `${member.email} becomes the owner of ${organization?.organization}; you stay as an admin. Only the new owner can undo this.`,
          confirm: 'Transfer ownership',
          danger: true,
        });
        if (!ok) {
          select.value = member.role;
          return;
        }
      }
      try {
        await team.changeRole(member.userId, role);
        if (role === 'owner') forgetMe();
        await load();
      } catch (e) {
        select.value = member.role;
        replaceChildren(inviteArea, errorBox((e as Error).message));
      }
    });
    return select;
  }

  async function remove(member: Member) {
    const ok = await confirmDialog({
      title: `Remove ${member.email}?`,
      body: 'They lose access to this organization on their next request, even if they are signed in now.',
      confirm: 'Remove member',
      danger: true,
    });
    if (!ok) return;
    try {
      await team.removeMember(member.userId);
      await load();
    } catch (e) {
      replaceChildren(inviteArea, errorBox((e as Error).message, load));
    }
  }

  async function loadInvitations() {
    const { invitations } = await team.invitations();
    replaceChildren(inviteArea, inviteCard(), invitationsCard(invitations));
  }

  function inviteCard(): HTMLElement {
    const email = h('input', { type: 'email', name: 'inviteEmail', required: true, placeholder: 'teammate@company.com', maxlength: 254 });
    const role = h(
      'select',
      { name: 'inviteRole' },
      h('option', { value: 'member' }, 'Member: watch, filter, share'),
      h('option', { value: 'admin' }, 'Admin: also settings, keys, members'),
    );
    const submit = h('button', { type: 'submit', class: 'button primary' }, 'Invite');
    const result = h('div', { role: 'status' });
    const form = h(
      'form',
      {
        class: 'inline-form',
        'data-invite-form': '',
        onsubmit: async (event: SubmitEvent) => {
          event.preventDefault();
          submit.disabled = true;
          replaceChildren(result);
          try {
            const invitation = await team.invite(email.value.trim(), role.value as Role);
            email.value = '';
            const { invitations } = await team.invitations();
            replaceChildren(inviteArea, inviteCard(), invitationsCard(invitations));
            const card = inviteArea.querySelector('[data-invite-result]');
            if (card) replaceChildren(card as HTMLElement, invitationLink(invitation.email, invitation.link));
          } catch (e) {
            replaceChildren(
              result,
              h('p', { class: 'form-error', role: 'alert' }, e instanceof ApiError ? e.message : 'The invitation failed. Try again.'),
            );
            submit.disabled = false;
          }
        },
      },
      h('label', null, 'Email', email),
      h('label', null, 'Role', role),
      submit,
    );
    return h('section', { class: 'card' }, h('h2', null, 'Invite a teammate'), form, result, h('div', { 'data-invite-result': '' }));
  }

  function invitationsCard(invitations: Invitation[]): HTMLElement {
    const body = invitations.length
      ? h(
          'table',
          { class: 'team', 'data-invitations': '' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, 'Email'),
              h('th', null, 'Role'),
              h('th', null, 'Invited by'),
              h('th', null, 'Expires'),
              h('th', null, ''),
            ),
          ),
          h(
            'tbody',
            null,
            invitations.map((i) =>
              h(
                'tr',
                { 'data-invitation': i.email },
                h('td', null, i.email),
                h('td', null, ROLE_LABELS[i.role]),
                h('td', null, i.invitedBy || ''),
                h('td', null, when(i.expiresAt)),
                h(
                  'td',
                  { class: 'actions-cell' },
                  h(
                    'button',
                    { type: 'button', class: 'button small danger', 'data-revoke-invitation': i.email, onclick: () => revoke(i) },
                    'Revoke',
                  ),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'empty-list', 'data-invitations-empty': '' }, 'No pending invitations.');
    return h('section', { class: 'card' }, h('h2', null, 'Pending invitations'), body);
  }

  async function revoke(invitation: Invitation) {
    const ok = await confirmDialog({
      title: `Revoke the invitation of ${invitation.email}?`,
      body: 'Its link stops working at once.',
      confirm: 'Revoke invitation',
      danger: true,
    });
    if (!ok) return;
    try {
      await team.revokeInvitation(invitation.id);
      await loadInvitations();
    } catch (e) {
      replaceChildren(inviteArea, errorBox((e as Error).message, load));
    }
  }

  load();
  return { element: shell('team', h('h1', null, 'Team'), tabs, membersArea, inviteArea) };
}

/** The link an invitation travels by: shown once, to send to the invited person. */
function invitationLink(email: string, link: string): HTMLElement {
  return h(
    'div',
    { class: 'notice' },
    h('p', null, `Invitation created. Send this link to ${email}; it works once, for that email, for 7 days:`),
    h(
      'div',
      { class: 'key-row' },
      h('code', { class: 'secret', 'data-invitation-link': '' }, link),
      copyButton(() => link, 'Copy link'),
    ),
  );
}
