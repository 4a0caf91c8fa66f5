// Team accounts in the console, on the emulator's Cognito user pool (docs/CONSOLE.md, "Signing in",
// "The team pages"): an owner signs up, invites a teammate as a member, the teammate accepts in a
// browser of their own, watches a replay but is refused Settings, is removed and is refused at once;
// the audit log names who did each step. Then the sign-in pages themselves: sign out revokes the
// refresh token, token refresh, forgot password, and a user in two organizations switching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleContext, importRecording, launchBrowser, replayedText, screenshot, startRunner, waitFor, withCleanup } from './harness.mjs';
import { demoSessionEvents } from './testdata.mjs';

const OWNER = { email: 'owner@team.test', password: 'Owner-password-2026' };
const TEAMMATE = { email: 'teammate@team.test', password: 'Teammate-password-2026' };

/** Calls the user pool's API through the runner's /cognito/ path, as the console does. */
async function cognitoCall(runner, action, body) {
  const config = await (await fetch(runner.url + '/config.json')).json();
  const response = await fetch(runner.url + '/cognito/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.' + action },
    body: JSON.stringify({ ClientId: config.cognito.clientId, ...body }),
  });
  return { status: response.status, body: await response.json() };
}

async function signUpOwner(page, runner, organization) {
  await page.goto(runner.url + '/signup');
  await page.fill('[data-user-signup] input[name=email]', OWNER.email);
  await page.fill('[data-user-signup] input[name=password]', OWNER.password);
  await page.fill('[data-user-signup] input[name=organization]', organization);
  await page.click('[data-user-signup] button[type=submit]');
  return page.locator('[data-snippet]').textContent();
}

test('an owner invites a member, who watches a replay, is refused Settings, is removed and refused at once; the audit log names each step', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('team');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());

    // the owner signs up: a user in the pool and an organization they own
    const owner = await consoleContext(browser, runner, null);
    cleanup(() => owner.context.close());
    const ownerPage = await owner.context.newPage();
    const snippet = await signUpOwner(ownerPage, runner, 'Team Co');
    assert.match(snippet, /rewind\.init\(\{ key: 'pk_/);
    await ownerPage.click('[data-continue]');
    await ownerPage.waitForURL('**/install');
    await ownerPage.locator('[data-organization]', { hasText: 'Team Co · Owner' }).waitFor();
    const session = JSON.parse(await ownerPage.evaluate(() => localStorage.getItem('rewind:user')));
    assert.equal(session.email, OWNER.email);
    assert.equal(await ownerPage.evaluate(() => localStorage.getItem('rewind:apiKey')), null, 'no api key: the user is signed in');

    // an admin key for a script, shown once, which imports a session
    await ownerPage.click('text=Team');
    await ownerPage.waitForURL('**/members');
    await ownerPage.click('.team-tabs >> text=API keys');
    await ownerPage.waitForURL('**/keys');
    await ownerPage.locator('[data-keys-empty]').waitFor();
    await ownerPage.fill('input[name=keyName]', 'importer');
    await ownerPage.selectOption('select[name=keyScope]', 'admin');
    await ownerPage.click('[data-key-form] button[type=submit]');
    const importKey = (await ownerPage.locator('[data-new-key]').textContent()).trim();
    assert.match(importKey, /^sk_/);
    await ownerPage.locator('[data-key=importer] [data-last-used]', { hasText: 'never' }).waitFor();
    const sessionId = await importRecording(runner, importKey, demoSessionEvents());
    await ownerPage.reload();
    await waitFor(async () => (await ownerPage.locator('[data-key=importer] [data-last-used]').textContent()) !== 'never', {
      what: 'the key’s last use',
    });

    // the owner invites the teammate as a member; the link to send is shown, the invitation pending
    await ownerPage.click('.team-tabs >> text=Members');
    await ownerPage.fill('input[name=inviteEmail]', TEAMMATE.email);
    await ownerPage.selectOption('select[name=inviteRole]', 'member');
    await ownerPage.click('[data-invite-form] button[type=submit]');
    const link = (await ownerPage.locator('[data-invitation-link]').textContent()).trim();
    assert.ok(link.startsWith(runner.url + '/accept#in_'), link);
    await ownerPage.locator(`[data-invitation="${TEAMMATE.email}"]`).waitFor();
    await screenshot(ownerPage, 'team-members-invited');

    // the teammate opens the link in a browser of their own, creates their user and joins
    const teammate = await consoleContext(browser, runner, null);
    cleanup(() => teammate.context.close());
    const memberPage = await teammate.context.newPage();
    await memberPage.goto(link);
    await memberPage.fill('[data-accept-form] input[name=email]', TEAMMATE.email);
    await memberPage.fill('[data-accept-form] input[name=password]', TEAMMATE.password);
    await memberPage.click('[data-create-and-join]');
    await memberPage.waitForURL('**/sessions');
    await memberPage.locator('.notice', { hasText: 'You joined Team Co as member' }).waitFor();
    await memberPage.locator('[data-organization]', { hasText: 'Team Co · Member' }).waitFor();

    // the member watches the replay
    await memberPage.click(`[data-session-id="${sessionId}"]`);
    await memberPage.waitForURL(`**/sessions/${sessionId}`);
    await waitFor(async () => (await replayedText(memberPage)).length > 0, { timeoutMs: 20_000, what: 'the replay to draw' });

    // but gets a clear refusal on Settings and the admin pages, not a raw error
    await memberPage.goto(runner.url + '/settings');
    await memberPage.locator('[data-refusal]', { hasText: 'Only admins and the owner can open this page' }).waitFor();
    assert.match(await memberPage.locator('[data-refusal]').textContent(), /member of Team Co/);
    assert.equal(await memberPage.locator('[data-settings-form]').count(), 0);
    await screenshot(memberPage, 'team-member-settings-refused');
    await memberPage.goto(runner.url + '/audit');
    await memberPage.locator('[data-refusal]').waitFor();
    await memberPage.goto(runner.url + '/members');
    await memberPage.locator(`[data-member="${OWNER.email}"] [data-role=owner]`).waitFor();
    assert.equal(await memberPage.locator('[data-invite-form]').count(), 0, 'members do not invite');
    // the Install page shows the snippet and ingest key in a browser that never signed up (the key is public)
    await memberPage.goto(runner.url + '/install');
    assert.equal(await memberPage.locator('[data-snippet]').textContent(), snippet);
    assert.match(snippet, new RegExp("key: '" + (await memberPage.locator('[data-ingest-key]').textContent()) + "'"));
    await memberPage.goto(runner.url + '/sessions');
    await memberPage.locator(`[data-session-id="${sessionId}"]`).waitFor();

    // the owner removes the member
    await ownerPage.reload();
    await ownerPage.locator(`[data-member="${TEAMMATE.email}"]`).waitFor();
    await ownerPage.click(`[data-remove="${TEAMMATE.email}"]`);
    await ownerPage.click('[data-confirm]');
    await waitFor(async () => (await ownerPage.locator(`[data-member="${TEAMMATE.email}"]`).count()) === 0, {
      what: 'the member to leave the list',
    });

    // the member's very next request is refused, though their token is still valid (a list refresh sent
    // before the removal may still be answering: only requests sent after it count)
    const removedAt = Date.now();
    const refused = memberPage.waitForResponse(
      (r) => r.url().includes('/v1/sessions') && r.request().method() === 'GET' && r.request().timing().startTime >= removedAt,
    );
    await memberPage.click('[data-refresh]');
    const answer = await refused;
    assert.equal(answer.status(), 403);
    assert.equal((await answer.json()).error.code, 'not_a_member');
    await memberPage.waitForURL('**/organizations');
    await memberPage.locator('.notice', { hasText: 'no longer a member' }).waitFor();
    await memberPage.locator('[data-no-organization]').waitFor();

    // the audit log shows each step with its actor, newest first
    await ownerPage.click('.team-tabs >> text=Audit log');
    await ownerPage.waitForURL('**/audit');
    await ownerPage.locator('.results[data-state=ready], [data-audit]').first().waitFor();
    const rows = await ownerPage
      .locator('[data-audit] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-audit-action') + ' by ' + tr.querySelector('[data-actor]').textContent));
    assert.deepEqual(rows, [
      `member.remove by ${OWNER.email}`,
      `member.join by ${TEAMMATE.email}`,
      `member.invite by ${OWNER.email}`,
      `key.create by ${OWNER.email}`,
      `organization.create by ${OWNER.email}`,
    ]);
    await screenshot(ownerPage, 'team-audit');

    // signing out revokes the refresh token at the user pool
    await ownerPage.click('text=Sign out');
    await ownerPage.waitForURL('**/signin');
    await waitFor(
      async () =>
        (
          await cognitoCall(runner, 'InitiateAuth', {
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: session.tokens.refreshToken },
          })
        ).status === 400,
      { what: 'the refresh token to be refused' },
    );
    assert.deepEqual(owner.problems, []);
    assert.deepEqual(teammate.problems, []);
  });
});

test('sign in with email and password, refresh the token, reset a forgotten password, and switch between two organizations', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('team-signin');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const first = await consoleContext(browser, runner, null);
    cleanup(() => first.context.close());
    const setup = await first.context.newPage();
    await signUpOwner(setup, runner, 'First Co');

    // a second organization of the same user
    await setup.goto(runner.url + '/organizations');
    await setup.fill('[data-organization-form] input[name=organization]', 'Second Co');
    await setup.click('[data-organization-form] button[type=submit]');
    await setup.waitForURL('**/install');

    // a fresh browser signs in with email and password; a wrong password is refused plainly
    const { context, problems } = await consoleContext(browser, runner, null);
    cleanup(() => context.close());
    const page = await context.newPage();
    await page.goto(runner.url + '/settings');
    await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/settings');
    await page.fill('[data-user-form] input[name=email]', OWNER.email);
    await page.fill('[data-user-form] input[name=password]', 'Not-the-password-1');
    await page.click('[data-user-form] button[type=submit]');
    await page.locator('[data-user-form] .form-error', { hasText: 'email or password is wrong' }).waitFor();
    await page.fill('[data-user-form] input[name=password]', OWNER.password);
    await page.click('[data-user-form] button[type=submit]');
    await page.waitForURL('**/settings');
    await page.locator('[data-settings-form]').waitFor();

    // the organization switcher: both organizations, and the pages follow the choice
    const switcher = page.locator('[data-organization-switcher]');
    const options = await switcher.locator('option').allTextContents();
    assert.deepEqual(options.slice(0, 2).sort(), ['First Co · Owner', 'Second Co · Owner']);
    const chosen = await switcher.inputValue();
    const other = await switcher
      .locator('option')
      .evaluateAll((os, current) => os.map((o) => o.value).find((v) => v && v !== current), chosen);
    const switched = page.waitForRequest((r) => r.url().includes('/v1/sessions') && r.headers()['x-rewind-tenant'] === other);
    await switcher.selectOption(other);
    await switched;
    await page.waitForURL('**/sessions');

    // an id token about to expire is refreshed with the refresh token before the next request
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('rewind:user'));
      stored.tokens.expiresAt = Date.now();
      localStorage.setItem('rewind:user', JSON.stringify(stored));
    });
    const refresh = page.waitForRequest((r) => r.url().endsWith('/cognito/') && (r.postData() || '').includes('REFRESH_TOKEN_AUTH'));
    const listings = [];
    page.on('response', (r) => {
      if (r.url().includes('/v1/sessions')) listings.push({ status: r.status(), authorization: r.request().headers()['authorization'] });
    });
    await page.click('[data-refresh]');
    await refresh;
    // the refreshed tokens are stored and last, and the listing goes out with the new id token
    const refreshed = await page.waitForFunction(() => {
      const tokens = JSON.parse(localStorage.getItem('rewind:user')).tokens;
      return tokens.expiresAt > Date.now() + 10 * 60_000 && tokens.idToken;
    });
    const newToken = await refreshed.jsonValue();
    await waitFor(() => listings.some((l) => l.status === 200 && l.authorization === 'Bearer ' + newToken), {
      what: 'a listing with the refreshed id token',
    });

    // forgot password: the code step (any code on the emulator), then signed in with the new password
    await page.click('text=Sign out');
    await page.waitForURL('**/signin');
    await page.click('text=Forgot your password?');
    await page.fill('[data-forgot-form] input[name=email]', OWNER.email);
    await page.click('[data-forgot-form] button[type=submit]');
    await page.locator('[data-local-hint]').waitFor();
    await page.fill('[data-reset-form] input[name=code]', '123456');
    await page.fill('[data-reset-form] input[name=newPassword]', 'Brand-new-password-2026');
    await page.click('[data-reset-form] button[type=submit]');
    await page.waitForURL('**/sessions');
    const old = await cognitoCall(runner, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: OWNER.email, PASSWORD: OWNER.password },
    });
    assert.equal(old.status, 400, 'the old password no longer signs in');
    assert.deepEqual(problems, []);
    assert.deepEqual(first.problems, []);
  });
});

test('admins change a role, revoke an invitation and revoke an api key, each taking effect at once; the owner deletes the organization', async () => {
  await withCleanup(async (cleanup) => {
    const runner = await startRunner('team-admin');
    cleanup(() => runner.stop());
    const browser = await launchBrowser();
    cleanup(() => browser.close());
    const owner = await consoleContext(browser, runner, null);
    cleanup(() => owner.context.close());
    const page = await owner.context.newPage();
    await signUpOwner(page, runner, 'Admin Co');

    // an api key, revoked: the script using it is refused on its next call
    await page.goto(runner.url + '/keys');
    await page.fill('input[name=keyName]', 'nightly export');
    await page.click('[data-key-form] button[type=submit]');
    const key = (await page.locator('[data-new-key]').textContent()).trim();
    assert.equal(
      (await fetch(runner.url + '/v1/sessions', { headers: { authorization: 'Bearer ' + key } })).status,
      200,
      'a read key lists sessions',
    );
    await page.click('[data-revoke-key="nightly export"]');
    await page.click('[data-confirm]');
    await page.locator('[data-keys-empty]').waitFor();
    assert.equal((await fetch(runner.url + '/v1/sessions', { headers: { authorization: 'Bearer ' + key } })).status, 401);

    // an invitation, revoked: its link says so
    await page.goto(runner.url + '/members');
    await page.fill('input[name=inviteEmail]', 'late@team.test');
    await page.click('[data-invite-form] button[type=submit]');
    const link = (await page.locator('[data-invitation-link]').textContent()).trim();
    await page.click('[data-revoke-invitation="late@team.test"]');
    await page.click('[data-confirm]');
    await page.locator('[data-invitations-empty]').waitFor();
    const late = await consoleContext(browser, runner, null);
    cleanup(() => late.context.close());
    const latePage = await late.context.newPage();
    await latePage.goto(link);
    await latePage.fill('[data-accept-form] input[name=email]', 'late@team.test');
    await latePage.fill('[data-accept-form] input[name=password]', 'Late-password-2026');
    await latePage.click('[data-create-and-join]');
    await latePage.locator('[data-accept-error]', { hasText: 'revoked' }).waitFor();

    // a member made admin: the next page they open is an admin's
    await page.fill('input[name=inviteEmail]', TEAMMATE.email);
    await page.click('[data-invite-form] button[type=submit]');
    const invitation = (await page.locator('[data-invitation-link]').textContent()).trim();
    const teammate = await consoleContext(browser, runner, null);
    cleanup(() => teammate.context.close());
    const memberPage = await teammate.context.newPage();
    await memberPage.goto(invitation);
    await memberPage.fill('[data-accept-form] input[name=email]', TEAMMATE.email);
    await memberPage.fill('[data-accept-form] input[name=password]', TEAMMATE.password);
    await memberPage.click('[data-create-and-join]');
    await memberPage.waitForURL('**/sessions');
    await memberPage.goto(runner.url + '/audit');
    await memberPage.locator('[data-refusal]').waitFor();
    await page.reload();
    // the select shows the choice at once; the change is made when the API has answered
    const changed = page.waitForResponse((r) => r.url().includes('/v1/members/') && r.request().method() === 'PATCH');
    await page.selectOption(`[data-role-select="${TEAMMATE.email}"]`, 'admin');
    assert.equal((await changed).status(), 200);
    await waitFor(async () => (await page.locator(`[data-role-select="${TEAMMATE.email}"]`).inputValue()) === 'admin', {
      what: 'the new role',
    });
    await memberPage.reload();
    await memberPage.locator('[data-audit]').waitFor();
    assert.equal(await memberPage.locator('[data-refusal]').count(), 0);

    // the owner deletes the organization, the name typed exactly; an admin is not offered to
    await memberPage.goto(runner.url + '/settings');
    await memberPage.locator('[data-settings-form]').waitFor();
    assert.equal(await memberPage.locator('[data-organization-deletion]').count(), 0, 'only the owner is offered the deletion');
    await page.goto(runner.url + '/settings');
    await page.locator('[data-organization-deletion]').waitFor();
    await page.fill('[data-delete-organization-name]', 'Admin C');
    assert.equal(await page.locator('[data-delete-organization]').isDisabled(), true, 'not before the name is typed exactly');
    await page.fill('[data-delete-organization-name]', 'Admin Co');
    const deleted = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/tenant' && r.request().method() === 'DELETE');
    await page.click('[data-delete-organization]');
    await page.click('[data-confirm]');
    assert.equal((await deleted).status(), 202);
    await page.waitForURL('**/organizations');
    await page.locator('.notice', { hasText: 'Admin Co was deleted' }).waitFor();
    await page.locator('[data-no-organization]').waitFor();
    // the admin's next request is refused, and they land where a user without an organization does
    const refused = memberPage.waitForResponse((r) => r.url().includes('/v1/') && r.status() === 403);
    await memberPage.reload();
    assert.equal((await (await refused).json()).error.code, 'not_a_member');
    await memberPage.waitForURL('**/organizations');
    await memberPage.locator('[data-no-organization]').waitFor();
    assert.deepEqual(owner.problems, []);
    assert.deepEqual(late.problems, []);
    assert.deepEqual(teammate.problems, []);
  });
});
