// What the console's browser tests run against: the real local runner (the same Lambda handlers, in
// one JVM) on the AWS emulator, a customer's site on another origin, and real headless Chromium.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CONSOLE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(CONSOLE_ROOT, '..');
export const ARTIFACTS = join(CONSOLE_ROOT, 'test-artifacts');
const RUNNER_JAR = join(REPO_ROOT, 'local/target/rewind-local.jar');
const SDK_BUNDLE = join(REPO_ROOT, 'recorder-sdk/dist/rewind.js');
const CONSOLE_BUNDLE = join(CONSOLE_ROOT, 'dist/index.html');
const EMULATOR_URL = process.env.AWS_ENDPOINT_URL || 'http://127.0.0.1:4566';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RUNNER_START_DEADLINE_MS = 60_000;

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor(check, { timeoutMs = 10_000, intervalMs = 100, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` + (lastError ? `: ${lastError.message}` : ''));
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function answers(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The emulator must be up (make test starts it); the runner, SDK and console must be built. */
async function checkPrerequisites() {
  if (!(await answers(EMULATOR_URL))) {
    throw new Error(
      `the AWS emulator does not answer at ${EMULATOR_URL}: start it (make emulator, or .venv/bin/moto_server -H 127.0.0.1 -p 4566)`,
    );
  }
  if (!existsSync(CONSOLE_BUNDLE)) {
    throw new Error('web-console/dist is missing: run npm run build in web-console');
  }
  if (!existsSync(RUNNER_JAR)) {
    console.log('# building the local runner (mvn -pl local -am package)');
    execFileSync('mvn', ['-q', '-pl', 'local', '-am', 'package', '-DskipTests'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  if (!existsSync(SDK_BUNDLE)) {
    console.log('# building the recorder (recorder-sdk: npm ci && npm run build)');
    execFileSync('npm', ['ci'], { cwd: join(REPO_ROOT, 'recorder-sdk'), stdio: 'inherit' });
    execFileSync('npm', ['run', 'build'], { cwd: join(REPO_ROOT, 'recorder-sdk'), stdio: 'inherit' });
  }
}

/**
 * Starts the local runner on a free port with tables and a bucket of its own (a fresh resource
 * prefix) and the environment variables of `env`, waits for /health, and returns {url, stop}. Its
 * output is kept for failure reports.
 */
export async function startRunner(name, env = {}) {
  await checkPrerequisites();
  const port = await freePort();
  const prefix = `wc-${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`.toLowerCase();
  const url = `http://localhost:${port}`;
  const output = [];
  const child = spawn('java', ['-jar', RUNNER_JAR], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      REWIND_RESOURCE_PREFIX: prefix,
      AWS_ENDPOINT_URL: EMULATOR_URL,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID || 'test',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY || 'test',
      AWS_REGION: process.env.AWS_REGION || 'us-east-1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => output.push(d.toString()));
  child.stderr.on('data', (d) => output.push(d.toString()));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  try {
    await waitFor(
      async () => {
        if (exited !== null) throw new Error(`the runner exited with ${exited}:\n${output.join('')}`);
        const response = await fetch(url + '/health', { signal: AbortSignal.timeout(1_000) });
        return response.status === 200;
      },
      { timeoutMs: RUNNER_START_DEADLINE_MS, intervalMs: 200, what: 'the local runner /health' },
    );
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    prefix,
    output: () => output.join(''),
    stop: () =>
      new Promise((resolve) => {
        if (exited !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Calls the API as a script would. Returns {status, body}.
 * @param {{ url: string }} runner
 * @param {string} method
 * @param {string} path
 * @param {{ key?: string, body?: unknown }} [options]
 */
export async function callApi(runner, method, path, { key, body } = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (key) headers.authorization = 'Bearer ' + key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(runner.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function signUp(runner, organization = 'Test Co') {
  const { status, body } = await callApi(runner, 'POST', '/v1/signup', { body: { email: 'admin@example.com', organization } });
  if (status !== 201) throw new Error(`signup answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * Puts a tenant on a plan, as the operator does (docs/DEPLOY.md, "A tenant's plan"): an UpdateItem of
 * its item in the runner's Tenants table, sent to the emulator (which does not check the signature).
 * Call it before the tenant's first chunk: ingest caches a key's tenant for 30 s.
 */
export async function setPlan(runner, tenantId, { chunksPerMinute, sessionsPerMonth }) {
  const region = process.env.AWS_REGION || 'us-east-1';
  const response = await fetch(EMULATOR_URL + '/', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.UpdateItem',
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify({
      TableName: `${runner.prefix}-tenants`,
      Key: { tenantId: { S: tenantId } },
      UpdateExpression: 'SET chunksPerMinute = :c, sessionsPerMonth = :s',
      ExpressionAttributeValues: { ':c': { N: String(chunksPerMinute) }, ':s': { N: String(sessionsPerMonth) } },
    }),
  });
  if (!response.ok) throw new Error(`setting the plan answered ${response.status}: ${await response.text()}`);
}

export async function importRecording(runner, apiKey, events, meta) {
  const { status, body } = await callApi(runner, 'POST', '/v1/sessions/import', { key: apiKey, body: { events, meta } });
  if (status !== 201) throw new Error(`import answered ${status}: ${JSON.stringify(body)}`);
  return body.sessionId;
}

/**
 * A browser context for the console, already signed in with `apiKey` (or signed out), that fails
 * the test on any uncaught error or Content-Security-Policy violation in the console.
 */
export async function consoleContext(browser, runner, apiKey) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    storageState: apiKey
      ? { cookies: [], origins: [{ origin: runner.url, localStorage: [{ name: 'rewind:apiKey', value: apiKey }] }] }
      : undefined,
  });
  const problems = [];
  context.on('page', (page) => watch(page, problems, runner.url));
  return { context, problems };
}

/**
 * Uncaught errors, and CSP violations by the console's own documents. (A replayed page's blocked
 * scripts are reported from the replay iframe, about:blank: that is the protection working.)
 */
function watch(page, problems, consoleOrigin) {
  page.on('pageerror', (error) => problems.push('uncaught: ' + error.message));
  page.on('console', (message) => {
    const fromConsole = (message.location().url || '').startsWith(consoleOrigin);
    if (message.type() === 'error' && fromConsole && /Content Security Policy|Refused to/i.test(message.text()))
      problems.push('csp: ' + message.text());
  });
}

/** A customer's site on an origin of its own: serves `pages` ({path: html}). */
export async function startSite(pages) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://site').pathname;
    const html = pages[path];
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(resolve)) };
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name + '.png');
  await page.screenshot({ path });
  return path;
}

/** The text of the page rebuilt inside the console's replay iframe ('' until there is one). */
export function replayedText(page) {
  return page.evaluate(() => {
    const iframe = /** @type {HTMLIFrameElement | null} */ (document.querySelector('.replayer-wrapper iframe'));
    return iframe?.contentDocument?.body?.innerText || iframe?.contentDocument?.body?.textContent || '';
  });
}

/** Runs `fn` and always tears everything down, in reverse order. */
export async function withCleanup(fn) {
  const cleanups = [];
  try {
    return await fn((cleanup) => cleanups.push(cleanup));
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (e) {
        console.error('# cleanup failed:', e.message);
      }
    }
  }
}
