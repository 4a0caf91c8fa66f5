// Install: the snippet, the npm alternative, and a live indicator that turns green when the first
// session of this tenant arrives.
import { api } from '../api';
import { storedSnippet, storeSnippet } from '../auth';
import { INSTALL_POLL_MS } from '../constants';
import { confirmDialog, h, replaceChildren } from '../dom';
import { ago, shortUrl } from '../format';
import { shell } from '../layout';
import type { Page } from '../router';
import { npmBlock, snippetBlock, snippetSettings } from '../snippet';
import type { SessionSummary } from '../types';

export function installPage(): Page {
  const snippetArea = h('div');
  const status = h('div', { class: 'live-status waiting', 'data-install-status': 'waiting', role: 'status' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  async function showSnippet() {
    // the API gives the ingest key and snippet to anyone signed in (the key is public); older tenants
    // without a kept key fall back to the copy this browser made at sign-up
    const tenant = await api.tenant().catch(() => null);
    if (disposed) return;
    const snippet = tenant?.snippet || storedSnippet();
    if (snippet) {
      const ingestKey = tenant?.ingestKey || snippetSettings(snippet)?.key;
      replaceChildren(
        snippetArea,
        h('h2', null, '1. Paste the snippet into the <head> of every page'),
        snippetBlock(snippet),
        ingestKey &&
          h(
            'p',
            { class: 'muted' },
            'Ingest key ',
            h('code', { 'data-ingest-key': '' }, ingestKey),
            ' — public by design: it only lets browsers send recordings, and every page with the snippet carries it.',
          ),
        h('h2', null, 'Or install the npm package'),
        h('p', { class: 'muted' }, 'Same recorder and options, for apps that bundle their scripts.'),
        npmBlock(snippet),
      );
      return;
    }
    // The ingest key is stored only as a hash, so a console that did not sign up cannot show it again.
    replaceChildren(
      snippetArea,
      h('h2', null, '1. Get your snippet'),
      h(
        'p',
        null,
        'This browser has no copy of your snippet (it is shown at sign-up and when the ingest key rotates). Make a new one: the old snippet stops sending data, so replace it everywhere.',
      ),
      h('button', { type: 'button', class: 'button', onclick: rotate }, 'Create a new snippet'),
    );
  }

  async function rotate() {
    const ok = await confirmDialog({
      title: 'Create a new snippet?',
      body: 'This rotates the ingest key. Pages that still carry the old snippet stop recording at once.',
      confirm: 'Rotate ingest key',
      danger: true,
    });
    if (!ok) return;
    const rotated = await api.rotateKey('ingest');
    if (rotated.snippet) storeSnippet(rotated.snippet);
    showSnippet();
  }

  function waiting() {
    status.className = 'live-status waiting';
    status.dataset.installStatus = 'waiting';
    replaceChildren(
      status,
      h('span', { class: 'pulse', 'aria-hidden': 'true' }),
      h('span', null, 'Waiting for your first session… Open a page that carries the snippet, click around, then leave it.'),
    );
  }

  function received(session: SessionSummary) {
    status.className = 'live-status received';
    status.dataset.installStatus = 'received';
    replaceChildren(
      status,
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', null, `Data is arriving. Latest session: ${shortUrl(session.entryUrl)}, ${ago(session.startedAt)}.`),
      h('a', { href: '/sessions/' + encodeURIComponent(session.sessionId), class: 'button small primary' }, 'Watch it'),
      h('a', { href: '/sessions', class: 'button small' }, 'All sessions'),
    );
  }

  async function poll() {
    try {
      const page = await api.sessions(new URLSearchParams({ limit: '1' }));
      if (disposed) return;
      if (page.sessions.length > 0) {
        received(page.sessions[0]);
        return; // green for good: nothing more to wait for
      }
    } catch {
      // A failed poll just tries again; the list page shows errors properly.
    }
    if (!disposed) timer = setTimeout(poll, INSTALL_POLL_MS);
  }

  showSnippet();
  waiting();
  poll();

  return {
    element: shell(
      'install',
      h('h1', null, 'Install Rewind'),
      h('section', { class: 'card' }, snippetArea),
      h('section', { class: 'card' }, h('h2', null, '2. Check that data arrives'), status),
      h(
        'section',
        { class: 'card' },
        h('h2', null, 'Good to know'),
        h(
          'ul',
          { class: 'plain' },
          h('li', null, 'Every input value is masked in the browser before it leaves; passwords always.'),
          h('li', null, 'Mark elements with data-rewind-block to leave them out, data-rewind-mask to mask their text.'),
          h('li', null, 'Restrict which sites may send data, and sample or mask more, in Settings.'),
        ),
      ),
    ),
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
