// Settings for tenant admins: retention, allowed origins, sampling, masking and consent, the
// frustration thresholds and the re-score of stored sessions with them; key
// rotation; deleting a session or every session of a user; for the owner, deleting the organization.
// Changes apply at once (docs/ARCHITECTURE.md).
import { api, ApiError } from '../api';
import { signIn, storeSnippet } from '../auth';
import { ASSET_CAPTURE_CHOICES, CONSOLE_LEVELS, RESCORE_POLL_DEADLINE_MS, RESCORE_POLL_MS, RETENTION_CHOICES } from '../constants';
import { confirmDialog, copyButton, errorBox, h, replaceChildren } from '../dom';
import { ago } from '../format';
import { currentTenant, forgetTenant, leave, rememberTenant, setNotice, shell } from '../layout';
import { currentOrganization, forgetMe } from '../membership';
import { navigate, type Page } from '../router';
import { snippetBlock } from '../snippet';
import { team } from '../team';
import type { AssetCapture, FrustrationRules, Rescore, Tenant } from '../types';

/** The frustration thresholds as the form shows them, in the API's order, with the ranges the API accepts (docs/FRUSTRATION.md). */
const RULE_LABELS: [keyof FrustrationRules, string, number, number][] = [
  ['rageMinClicks', 'Rage click: at least this many clicks', 2, 10],
  ['rageMaxIntervalMs', '… each less than this many ms after the previous', 100, 5_000],
  ['rageRadiusPx', '… within this many px of the first', 0, 500],
  ['deadWindowMs', 'Dead click: no page change within ms', 500, 10_000],
  ['deadScrollWindowMs', '… and no scroll within ms', 0, 5_000],
  ['errorClickWindowMs', 'Error click: an error within ms of the click', 0, 10_000],
  ['quickBackWindowMs', 'Quick back: back to the previous page within ms', 1_000, 30_000],
  ['excessiveScrollReversals', 'Excessive scroll: at least this many scroll reversals', 2, 20],
  ['excessiveScrollWindowMs', '… within this many ms', 2_000, 60_000],
];

export function settingsPage(): Page {
  const container = h(
    'div',
    { class: 'settings' },
    h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading settings…'),
  );
  const rescore = rescoreBlock();
  const load = () =>
    Promise.all([currentTenant(), currentOrganization()]).then(
      ([tenant, organization]) =>
        replaceChildren(
          container,
          recordingSection(tenant, rescore.element),
          keysSection(),
          deletionSection(),
          accountSection(tenant),
          // only the owner may delete the organization (an api key may not either): no one else sees the section
          organization?.role === 'owner' ? organizationDeletionSection(tenant) : null,
        ),
      (e) => replaceChildren(container, errorBox((e as Error).message, load)),
    );
  load();
  return { element: shell('settings', h('h1', null, 'Settings'), container), dispose: rescore.dispose };
}

/** What a re-score's progress says, in one line (docs/FRUSTRATION.md, "Re-score history"). */
export function rescoreText(run: Rescore): string {
  if (run.state === 'none') return 'No re-score has run yet.';
  const rescored = run.sessionsRescored ?? 0;
  const sessions = `${rescored.toLocaleString('en-US')} ${rescored === 1 ? 'session' : 'sessions'} re-scored`;
  const changed = `${(run.sessionsChanged ?? 0).toLocaleString('en-US')} changed`;
  const skipped = run.sessionsSkipped ? `, ${run.sessionsSkipped.toLocaleString('en-US')} skipped (still open or past retention)` : '';
  if (run.state === 'running') return `Re-scoring… ${sessions} so far, ${changed}${skipped}.`;
  return `Done: ${sessions}, ${changed}${skipped}${run.finishedAt ? `, finished ${ago(run.finishedAt)}` : ''}.`;
}

/**
 * The "Re-score sessions" button and the progress of the current or last run: asked for at once, then every
 * RESCORE_POLL_MS while a run goes on, until it is done or RESCORE_POLL_DEADLINE_MS have passed.
 */
function rescoreBlock(): { element: HTMLElement; dispose: () => void } {
  const status = h('p', { class: 'hint', role: 'status', 'data-rescore-status': '' }, 'Loading the last re-score…');
  const button = h('button', { type: 'button', class: 'button', 'data-rescore': '' }, 'Re-score sessions');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  let deadline = 0;

  function show(run: Rescore) {
    status.textContent = rescoreText(run);
    status.dataset.rescoreState = run.state;
    button.disabled = run.state === 'running';
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (run.state === 'running' && !disposed) {
      if (Date.now() < deadline) timer = setTimeout(poll, RESCORE_POLL_MS);
      else status.textContent += ' Open Settings again to see how it goes on.';
    }
  }

  async function poll() {
    try {
      const run = await api.rescore();
      if (!disposed) show(run);
    } catch (e) {
      if (!disposed) status.textContent = (e as Error).message;
    }
  }

  async function start() {
    const ok = await confirmDialog({
      title: 'Re-score sessions?',
      body: 'Every finished session in retention is judged again with the frustration rules as saved now: its flags, frustrations and hotspots change to what the rules say. It runs in the background.',
      confirm: 'Re-score sessions',
    });
    if (!ok) return;
    button.disabled = true;
    deadline = Date.now() + RESCORE_POLL_DEADLINE_MS;
    try {
      show(await api.startRescore());
    } catch (e) {
      button.disabled = false;
      status.textContent =
        e instanceof ApiError && e.status === 409 ? 'A re-score is running already; its progress shows here.' : (e as Error).message;
      if (e instanceof ApiError && e.status === 409) poll();
    }
  }
  button.addEventListener('click', start);
  deadline = Date.now() + RESCORE_POLL_DEADLINE_MS;
  poll();

  return {
    element: h(
      'div',
      { class: 'rescore', 'data-rescore-block': '' },
      h(
        'p',
        { class: 'hint' },
        'Sessions already recorded keep the flags they were given. Save the rules, then re-score to judge every finished session in retention again with them.',
      ),
      button,
      status,
    ),
    dispose: () => {
      disposed = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** What changing retention from `current` to `next` days does, said before saving. */
export function retentionEffect(current: number, next: number, now = new Date()): string {
  if (next === current) return `Sessions are kept for ${current} days, then deleted.`;
  if (next > current)
    return `Sessions will be kept for ${next} days. Sessions already deleted under the ${current}-day retention do not come back.`;
  const edge = new Date(now.getTime() - next * 86_400_000);
  return `Sessions recorded before ${edge.toLocaleDateString(undefined, { dateStyle: 'medium' })} (older than ${next} days) disappear from the console at once and are deleted for good. This cannot be undone.`;
}

function recordingSection(tenant: Tenant, rescore: HTMLElement): HTMLElement {
  let saved = tenant;
  const retention = h(
    'select',
    { name: 'retentionDays', 'data-setting': 'retentionDays' },
    RETENTION_CHOICES.map((d) => h('option', { value: d, selected: d === tenant.retentionDays }, `${d} days`)),
  );
  const retentionNote = h('p', { class: 'hint', 'data-retention-effect': '' });
  const origins = h('textarea', {
    name: 'allowedOrigins',
    rows: 3,
    placeholder: 'https://www.example.com',
    'data-setting': 'allowedOrigins',
    spellcheck: 'false',
  });
  origins.value = tenant.allowedOrigins.join('\n');
  const sampleRate = h('input', {
    type: 'number',
    name: 'sampleRate',
    min: 0,
    max: 100,
    step: 'any',
    'data-setting': 'sampleRate',
    value: round(tenant.sampleRate * 100),
  });
  const maskAllText = h('input', { type: 'checkbox', name: 'maskAllText', 'data-setting': 'maskAllText', checked: tenant.maskAllText });
  const consentRequired = h('input', {
    type: 'checkbox',
    name: 'consentRequired',
    'data-setting': 'consentRequired',
    checked: tenant.consentRequired,
  });
  const rules = RULE_LABELS.map(([name, label, min, max]) => ({
    name,
    label,
    min,
    max,
    input: h('input', {
      type: 'number',
      name,
      min,
      max,
      step: 1,
      'data-rule': name,
      value: tenant.frustrationRules[name],
      'aria-describedby': 'error-' + name,
    }),
    error: h('p', { class: 'field-error', id: 'error-' + name, 'data-field-error': name, hidden: true }),
  }));
  const consoleLevels = CONSOLE_LEVELS.map((level) => ({
    level,
    input: h('input', {
      type: 'checkbox',
      name: 'consoleLevel',
      value: level,
      'data-console-level': level,
      checked: (tenant.consoleLevels || []).includes(level),
    }),
  }));
  const captureAssets = h(
    'select',
    { name: 'captureAssets', 'data-setting': 'captureAssets' },
    ASSET_CAPTURE_CHOICES.map(([value, label]) => h('option', { value, selected: value === tenant.captureAssets }, label)),
  );
  const recordCanvas = h('input', { type: 'checkbox', name: 'recordCanvas', 'data-setting': 'recordCanvas', checked: tenant.recordCanvas });
  const status = h('p', { class: 'form-status', role: 'status', 'data-settings-status': '' });
  const save = h('button', { type: 'submit', class: 'button primary' }, 'Save settings');

  const explainRetention = () => {
    const next = Number(retention.value);
    retentionNote.textContent = retentionEffect(saved.retentionDays, next);
    retentionNote.classList.toggle('danger-text', next < saved.retentionDays);
  };
  retention.addEventListener('change', explainRetention);
  explainRetention();

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    status.textContent = '';
    status.className = 'form-status';
    for (const rule of rules) fieldError(rule, null);
    const parsedOrigins = parseOrigins(origins.value);
    if ('error' in parsedOrigins) {
      fail(parsedOrigins.error);
      return;
    }
    const rate = Number(sampleRate.value);
    if (sampleRate.value === '' || !(rate >= 0 && rate <= 100)) {
      fail('The sample rate is a percentage from 0 to 100.');
      return;
    }
    const frustrationRules = {} as FrustrationRules;
    for (const rule of rules) {
      const value = Number(rule.input.value);
      if (rule.input.value === '' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
        fieldError(rule, `A whole number from ${rule.min} to ${rule.max}.`);
        rule.input.focus();
        fail('A frustration rule is out of range: see the field marked below.');
        return;
      }
      frustrationRules[rule.name] = value;
    }
    const retentionDays = Number(retention.value);
    if (retentionDays < saved.retentionDays) {
      const ok = await confirmDialog({
        title: `Shorten retention to ${retentionDays} days?`,
        body: retentionEffect(saved.retentionDays, retentionDays),
        confirm: 'Shorten retention',
        danger: true,
      });
      if (!ok) return;
    }
    save.disabled = true;
    try {
      saved = await api.updateTenant({
        retentionDays,
        allowedOrigins: parsedOrigins.origins,
        sampleRate: rate / 100,
        maskAllText: maskAllText.checked,
        consentRequired: consentRequired.checked,
        frustrationRules,
        consoleLevels: consoleLevels.filter((c) => c.input.checked).map((c) => c.level),
        captureAssets: captureAssets.value as AssetCapture,
        recordCanvas: recordCanvas.checked,
      });
      rememberTenant(saved);
      origins.value = saved.allowedOrigins.join('\n');
      explainRetention();
      status.textContent = 'Saved. The new settings apply to the next request.';
      status.classList.add('ok');
    } catch (e) {
      // the API names the rule it refused: say so beside that field
      const message = (e as Error).message;
      const rule = rules.find((r) => message.includes(r.name));
      if (rule) fieldError(rule, `A whole number from ${rule.min} to ${rule.max}.`);
      fail(rule ? 'A frustration rule is out of range: see the field marked below.' : message);
    } finally {
      save.disabled = false;
    }
  }

  function fieldError(rule: (typeof rules)[number], message: string | null) {
    rule.error.textContent = message || '';
    rule.error.hidden = !message;
    if (message) rule.input.setAttribute('aria-invalid', 'true');
    else rule.input.removeAttribute('aria-invalid');
  }

  function fail(message: string) {
    status.textContent = message;
    status.classList.add('error');
  }

  return h(
    'section',
    { class: 'card' },
    h('h2', null, 'Recording'),
    h(
      'form',
      // the form checks its fields itself, to say what is wrong beside each one
      { class: 'form', 'data-settings-form': '', novalidate: true, onsubmit: onSubmit },
      h('label', null, 'Keep sessions for', retention),
      retentionNote,
      h('label', null, 'Allowed origins (one per line)', origins),
      h(
        'p',
        { class: 'hint' },
        'Only pages on these origins may send recordings. Leave empty to accept any site that carries your snippet.',
      ),
      refusedOrigins(tenant, origins),
      h('label', null, 'Sample rate (% of visits recorded)', sampleRate),
      h(
        'label',
        { class: 'check' },
        maskAllText,
        ' Mask all text (every text on the page is replaced by asterisks before it leaves the browser; inputs are always masked)',
      ),
      h('label', { class: 'check' }, consentRequired, ' Require consent (nothing is recorded until the page calls rewind.grantConsent())'),
      h(
        'fieldset',
        { class: 'rules' },
        h('legend', null, 'Console messages recorded'),
        h(
          'p',
          { class: 'hint' },
          'The recorder keeps what the page writes to its console at these levels, arguments and all (cut to 500 characters each, at most 1,000 messages a session). Pages log whatever they like, personal data included: choose only what you need; none turns console capture off.',
        ),
        h('div', { class: 'chips' }, ...consoleLevels.map((c) => h('label', { class: 'check' }, c.input, ' ' + c.level))),
      ),
      h('label', null, 'Assets stored for replays', captureAssets),
      h(
        'p',
        { class: 'hint' },
        'The recorder stores the images, fonts and stylesheets pages use, once per asset, so replays look right after the site has changed or gone. Blocked elements contribute none. A page can narrow this with init({captureAssets}), never widen it.',
      ),
      h(
        'label',
        { class: 'check' },
        recordCanvas,
        ' Record canvas content (charts and drawings, a few frames a second; costs bytes: see docs/ASSETS.md, "Canvas")',
      ),
      h(
        'fieldset',
        { class: 'rules' },
        h('legend', null, 'Frustration rules'),
        h(
          'p',
          { class: 'hint' },
          'They apply to sessions recorded from now on; sessions already indexed keep their flags until re-scored.',
        ),
        ...rules.map((rule) => h('div', { class: 'rule-field' }, h('label', null, rule.label, rule.input), rule.error)),
        rescore,
      ),
      status,
      save,
    ),
  );
}

/** Pages refused lately because their origin is not allowed: one click adds it to the list (saved with the form). */
function refusedOrigins(tenant: Tenant, origins: HTMLTextAreaElement): HTMLElement | null {
  const refused = (tenant.refusedOrigins || []).filter((r) => !tenant.allowedOrigins.includes(r.origin));
  if (refused.length === 0) return null;
  return h(
    'div',
    { class: 'warning refused-origins', 'data-refused-origins': '' },
    h('p', null, 'Pages on these origins carry your snippet but were refused, so nothing from them is recorded:'),
    h(
      'ul',
      null,
      refused.map((r) => {
        const allow = h('button', { type: 'button', class: 'button small', 'data-allow-origin': r.origin }, 'Allow');
        allow.addEventListener('click', () => {
          origins.value = [origins.value.trim(), r.origin].filter(Boolean).join('\n');
          allow.disabled = true;
          allow.textContent = 'Added: save to apply';
        });
        return h(
          'li',
          { 'data-refused-origin': r.origin },
          h('span', { class: 'mono' }, r.origin),
          ` refused ${ago(r.lastRefusedAt)} `,
          allow,
        );
      }),
    ),
  );
}

function keysSection(): HTMLElement {
  const result = h('div', { class: 'key-result' });
  async function rotate(kind: 'ingest' | 'api') {
    const ok = await confirmDialog(
      kind === 'ingest'
        ? {
            title: 'Rotate the ingest key?',
            body: 'The old key stops working at once: pages that carry the current snippet stop recording until you replace it with the new snippet everywhere.',
            confirm: 'Rotate ingest key',
            danger: true,
          }
        : {
            title: 'Rotate the api key?',
            body: 'The old api key stops working at once, for every colleague and script using it. This console switches to the new key, which is shown only once.',
            confirm: 'Rotate api key',
            danger: true,
          },
    );
    if (!ok) return;
    try {
      const rotated = await api.rotateKey(kind);
      if (kind === 'ingest' && rotated.snippet) {
        storeSnippet(rotated.snippet);
        replaceChildren(
          result,
          h('p', { class: 'warning' }, 'New ingest key made. Replace the snippet on your site with this one:'),
          snippetBlock(rotated.snippet),
        );
      } else {
        signIn(rotated.key);
        replaceChildren(
          result,
          h(
            'p',
            { class: 'warning', role: 'alert' },
            h('strong', null, 'Save your new api key now. '),
            'It is shown only this once; the old one no longer works.',
          ),
          h(
            'div',
            { class: 'key-row' },
            h('code', { class: 'secret', 'data-api-key': '' }, rotated.key),
            copyButton(() => rotated.key, 'Copy api key'),
          ),
        );
      }
    } catch (e) {
      replaceChildren(result, h('p', { class: 'form-error' }, (e as Error).message));
    }
  }
  return h(
    'section',
    { class: 'card' },
    h('h2', null, 'Keys'),
    h(
      'p',
      null,
      'The ingest key (pk_…) is in your snippet and only sends recordings. The api key (sk_…) reads and deletes them; keep it secret.',
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'button', 'data-rotate': 'ingest', onclick: () => rotate('ingest') }, 'Rotate ingest key'),
      h('button', { type: 'button', class: 'button', 'data-rotate': 'api', onclick: () => rotate('api') }, 'Rotate api key'),
    ),
    result,
  );
}

function deletionSection(): HTMLElement {
  const sessionId = h('input', {
    type: 'text',
    name: 'sessionId',
    placeholder: 'session id or replay URL',
    'data-delete-session-id': '',
    spellcheck: 'false',
  });
  const sessionStatus = h('p', { class: 'form-status', role: 'status' });
  const userId = h('input', { type: 'text', name: 'userId', placeholder: 'user id', 'data-delete-user-id': '', spellcheck: 'false' });
  const userStatus = h('p', { class: 'form-status', role: 'status', 'data-delete-user-status': '' });

  async function deleteOne(event: SubmitEvent) {
    event.preventDefault();
    const id = sessionId.value.trim().split('/').filter(Boolean).pop()?.split('?')[0] || '';
    if (!id) return;
    const ok = await confirmDialog({
      title: 'Delete this session?',
      body: `Session ${id} and its recording are deleted for good.`,
      confirm: 'Delete session',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteSession(id);
      sessionStatus.textContent = `Session ${id} deleted.`;
      sessionStatus.className = 'form-status ok';
      sessionId.value = '';
    } catch (e) {
      sessionStatus.textContent = e instanceof ApiError && e.status === 404 ? `There is no session ${id}.` : (e as Error).message;
      sessionStatus.className = 'form-status error';
    }
  }

  async function deleteUser(event: SubmitEvent) {
    event.preventDefault();
    const id = userId.value.trim();
    if (!id) return;
    const ok = await confirmDialog({
      title: `Delete every session of ${id}?`,
      body: 'Every recording of this user id is deleted for good, for example to answer an erasure request. This cannot be undone.',
      confirm: 'Delete all their sessions',
      danger: true,
    });
    if (!ok) return;
    try {
      const { deletedSessions } = await api.deleteUserSessions(id);
      userStatus.textContent = `Deleted ${deletedSessions} ${deletedSessions === 1 ? 'session' : 'sessions'} of ${id}.`;
      userStatus.className = 'form-status ok';
    } catch (e) {
      userStatus.textContent = (e as Error).message;
      userStatus.className = 'form-status error';
    }
  }

  return h(
    'section',
    { class: 'card' },
    h('h2', null, 'Delete data'),
    h(
      'form',
      { class: 'inline-form', onsubmit: deleteOne },
      h('label', null, 'Delete one session', sessionId),
      h('button', { type: 'submit', class: 'button danger' }, 'Delete'),
    ),
    sessionStatus,
    h(
      'form',
      { class: 'inline-form', onsubmit: deleteUser },
      h('label', null, 'Delete all sessions of a user', userId),
      h('button', { type: 'submit', class: 'button danger', 'data-delete-user': '' }, 'Delete all'),
    ),
    userStatus,
  );
}

function accountSection(tenant: Tenant): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('h2', null, 'Account'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Organization'),
      h('dd', null, tenant.organization),
      h('dt', null, 'Email'),
      h('dd', null, tenant.email),
      h('dt', null, 'Tenant id'),
      h('dd', { class: 'mono small' }, tenant.tenantId),
      // the operator's limits: read-only here, set on the tenant by the operator (docs/DEPLOY.md, "A tenant's plan")
      h('dt', null, 'Plan'),
      h(
        'dd',
        { 'data-plan': '' },
        `${tenant.plan.sessionsPerMonth.toLocaleString('en-US')} sessions a month, ${tenant.plan.chunksPerMinute.toLocaleString('en-US')} chunks a minute (set by your operator)`,
      ),
    ),
    h('button', { type: 'button', class: 'button', onclick: () => leave() }, 'Sign out'),
  );
}

/**
 * The owner deletes the organization: the name typed exactly, then a confirmation. Everyone loses access
 * at once; recordings are erased in the background; the audit log is kept (docs/RETENTION.md).
 */
function organizationDeletionSection(tenant: Tenant): HTMLElement {
  const name = h('input', {
    type: 'text',
    name: 'confirmOrganization',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: tenant.organization,
    'data-delete-organization-name': '',
  });
  const submit = h(
    'button',
    { type: 'submit', class: 'button danger', disabled: true, 'data-delete-organization': '' },
    'Delete organization',
  );
  const status = h('p', { class: 'form-status', role: 'status' });
  name.addEventListener('input', () => (submit.disabled = name.value !== tenant.organization));

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (name.value !== tenant.organization) return;
    const ok = await confirmDialog({
      title: `Delete ${tenant.organization}?`,
      body: 'Its sessions, recordings, stored assets, keys, members and invitations are deleted for good. This cannot be undone.',
      confirm: 'Delete organization',
      danger: true,
    });
    if (!ok) return;
    submit.disabled = true;
    try {
      await team.deleteOrganization(name.value);
      forgetTenant();
      forgetMe();
      setNotice(`${tenant.organization} was deleted. Its recordings are being erased.`);
      navigate('/organizations');
    } catch (e) {
      status.textContent = (e as Error).message;
      status.className = 'form-status error';
      submit.disabled = false;
    }
  }

  return h(
    'section',
    { class: 'card danger-zone', 'data-organization-deletion': '' },
    h('h2', null, 'Delete organization'),
    h(
      'p',
      null,
      'Everyone loses access at once: members, api keys, the ingest key in your snippet and share links. Recordings and stored assets are erased within about two hours. The audit log is kept for a year.',
    ),
    h('form', { class: 'inline-form', onsubmit: onSubmit }, h('label', null, `Type ${tenant.organization} to confirm`, name), submit),
    status,
  );
}

/** One origin per line, as https://host[:port]; a trailing slash is forgiven. */
export function parseOrigins(text: string): { origins: string[] } | { error: string } {
  const origins: string[] = [];
  for (const line of text
    .split(/[\s,]+/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      return { error: `“${line}” is not an origin like https://www.example.com` };
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.length > 1 || url.search || url.hash || url.username) {
      return { error: `“${line}” is not an origin like https://www.example.com (no path, query or fragment)` };
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return { origins };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
