// API keys for scripts and automation: named, `read` (list and watch sessions) or `admin`; each is
// shown once (only a hash is kept), lists when it was last used, and is revoked one by one.
import { ApiError } from '../api';
import { confirmDialog, copyButton, errorBox, h, replaceChildren } from '../dom';
import { shell } from '../layout';
import { currentOrganization } from '../membership';
import type { Page } from '../router';
import { team, type ApiKeyInfo, type KeyScope } from '../team';
import { teamTabs, when } from './team-nav';

export function keysPage(): Page {
  const tabs = h('div');
  const created = h('div', { role: 'status' });
  const list = h(
    'section',
    { class: 'card' },
    h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading api keys…'),
  );

  async function load() {
    try {
      replaceChildren(tabs, teamTabs('keys', await currentOrganization()));
      const { keys } = await team.keys();
      replaceChildren(
        list,
        h('h2', null, 'Api keys'),
        keys.length
          ? keysTable(keys)
          : h(
              'p',
              { class: 'empty-list', 'data-keys-empty': '' },
              'No api keys yet. Create one for each script, so each can be revoked alone.',
            ),
      );
    } catch (e) {
      replaceChildren(list, errorBox((e as Error).message, load));
    }
  }

  function keysTable(keys: ApiKeyInfo[]): HTMLElement {
    return h(
      'table',
      { class: 'team', 'data-keys': '' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, 'Name'),
          h('th', null, 'Scope'),
          h('th', null, 'Created'),
          h('th', null, 'Last used'),
          h('th', null, ''),
        ),
      ),
      h(
        'tbody',
        null,
        keys.map((k) =>
          h(
            'tr',
            { 'data-key': k.name },
            h('td', null, k.name),
            h('td', null, h('span', { class: 'role-badge' }, k.scope)),
            h('td', null, when(k.createdAt), k.createdBy && h('span', { class: 'muted' }, ' by ' + k.createdBy)),
            h('td', { 'data-last-used': '' }, k.lastUsedAt ? when(k.lastUsedAt) : 'never'),
            h(
              'td',
              { class: 'actions-cell' },
              h('button', { type: 'button', class: 'button small danger', 'data-revoke-key': k.name, onclick: () => revoke(k) }, 'Revoke'),
            ),
          ),
        ),
      ),
    );
  }

  async function revoke(key: ApiKeyInfo) {
    const ok = await confirmDialog({
      title: `Revoke “${key.name}”?`,
      body: 'Scripts using this key are refused from their next request.',
      confirm: 'Revoke key',
      danger: true,
    });
    if (!ok) return;
    try {
      await team.revokeKey(key.id);
      replaceChildren(created);
      await load();
    } catch (e) {
      replaceChildren(created, errorBox((e as Error).message));
    }
  }

  const name = h('input', { type: 'text', name: 'keyName', required: true, maxlength: 100, placeholder: 'nightly export' });
  const scope = h(
    'select',
    { name: 'keyScope' },
    h('option', { value: 'read' }, 'read: list and watch sessions'),
    h('option', { value: 'admin' }, 'admin: also settings, keys, members, deletion'),
  );
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Create key');
  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    submit.disabled = true;
    try {
      const key = await team.createKey(name.value.trim(), scope.value as KeyScope);
      name.value = '';
      replaceChildren(
        created,
        h(
          'div',
          { class: 'warning', role: 'alert' },
          h('strong', null, `Save “${key.name}” now. `),
          'It is shown only this once: Rewind keeps only a hash of it.',
          h(
            'div',
            { class: 'key-row' },
            h('code', { class: 'secret', 'data-new-key': '' }, key.key),
            copyButton(() => key.key, 'Copy key'),
          ),
        ),
      );
      await load();
    } catch (e) {
      replaceChildren(
        created,
        h('p', { class: 'form-error', role: 'alert' }, e instanceof ApiError ? e.message : 'The key was not created. Try again.'),
      );
    } finally {
      submit.disabled = false;
    }
  }

  load();
  return {
    element: shell(
      'team',
      h('h1', null, 'Team'),
      tabs,
      h(
        'section',
        { class: 'card' },
        h('h2', null, 'Create an api key'),
        h(
          'form',
          { class: 'inline-form', 'data-key-form': '', onsubmit: onSubmit },
          h('label', null, 'Name', name),
          h('label', null, 'Scope', scope),
          submit,
        ),
        created,
      ),
      list,
    ),
  };
}
