// The install snippet as the console shows it: the <script> block to paste, and the same settings
// for the npm package.
import { copyButton, h } from './dom';

export function snippetBlock(snippet: string): HTMLElement {
  const code = h('pre', { class: 'code', 'data-snippet': '' }, h('code', null, snippet));
  return h(
    'div',
    { class: 'code-block' },
    h(
      'div',
      { class: 'code-actions' },
      copyButton(() => snippet, 'Copy snippet'),
    ),
    code,
  );
}

/** The ingest key and endpoint the snippet carries, for the npm alternative. */
export function snippetSettings(snippet: string): { key: string; endpoint: string } | null {
  const key = /key:\s*'([^']+)'/.exec(snippet);
  const endpoint = /endpoint:\s*'([^']+)'/.exec(snippet);
  return key && endpoint ? { key: key[1], endpoint: endpoint[1] } : null;
}

export function npmBlock(snippet: string): HTMLElement | null {
  const settings = snippetSettings(snippet);
  if (!settings) return null;
  const code = [
    'npm install @rewind/recorder',
    '',
    "import { init } from '@rewind/recorder';",
    '',
    `init({ key: '${settings.key}', endpoint: '${settings.endpoint}' });`,
  ].join('\n');
  return h(
    'div',
    { class: 'code-block' },
    h(
      'div',
      { class: 'code-actions' },
      copyButton(() => code),
    ),
    h('pre', { class: 'code' }, h('code', null, code)),
  );
}
