// Building DOM without HTML strings: every text that came from a recording or the API goes in as a
// text node, so nothing a visitor typed into a customer's site can become markup in the console.

export type Child = Node | string | number | null | undefined | false;
type Listener = (event: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Props = Record<string, string | number | boolean | Listener | null | undefined>;

/**
 * `h('a', {href: '/sessions', class: 'link', onclick: fn}, 'Sessions')`. Props named on* must be
 * functions (added as listeners, never as attribute strings); false/null/undefined props are left out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) {
      if (typeof value !== 'function') throw new Error(`${name} must be a function`);
      element.addEventListener(name.slice(2), value);
    } else if (typeof value === 'function') {
      throw new Error(`${name} is not an event`);
    } else if (name === 'href' || name === 'src') {
      element.setAttribute(name, safeUrl(String(value)));
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Only same-site paths and http(s) URLs become links; javascript:, data: and the like become '#'. */
export function safeUrl(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (url.startsWith('#')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '#';
  } catch {
    return '#';
  }
}

/** A copy-to-clipboard button for the text of `source` (or the value it returns). */
export function copyButton(source: () => string, label = 'Copy'): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'button small', 'data-copy': '' }, label);
  button.addEventListener('click', async () => {
    const text = source();
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): select the text instead.
      const area = h('textarea', { class: 'offscreen', readonly: true });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = label), 1500);
  });
  return button;
}

/** A modal confirmation; resolves true when the user confirms. */
export function confirmDialog(options: { title: string; body: Child | Child[]; confirm: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-title' });
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    append(
      dialog,
      h('h2', { id: 'dialog-title' }, options.title),
      h('div', { class: 'dialog-body' }, options.body),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button', onclick: () => close(false) }, 'Cancel'),
        h(
          'button',
          { type: 'button', class: options.danger ? 'button danger' : 'button primary', 'data-confirm': '', onclick: () => close(true) },
          options.confirm,
        ),
      ),
    );
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

/** A dialog with arbitrary content and a Close button; returns the close function. */
export function openDialog(title: string, body: HTMLElement): () => void {
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-title' });
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  append(
    dialog,
    h('h2', { id: 'dialog-title' }, title),
    body,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'button', onclick: close }, 'Close')),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  return close;
}

/**
 * What a page shows in `results` while it loads one view: a spinner saying `loading`, then `render`'s
 * content, or the error box with Try again (`failed` words the error). A new `load` aborts the one in
 * flight, and so does `dispose` when the page goes; `results.dataset.state` says where it is (tests read it).
 */
export function viewLoader<T>(
  results: HTMLElement,
  options: { loading: string; fetch: (signal: AbortSignal) => Promise<T>; render: (view: T) => void; failed: (e: unknown) => string },
): { load: () => Promise<void>; dispose: () => void } {
  let inFlight: AbortController | null = null;
  async function load(): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    results.dataset.state = 'loading';
    replaceChildren(results, h('div', { class: 'state loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), options.loading));
    try {
      const view = await options.fetch(controller.signal);
      if (controller.signal.aborted) return;
      options.render(view);
    } catch (e) {
      if (controller.signal.aborted || (e as Error).name === 'AbortError') return;
      results.dataset.state = 'error';
      replaceChildren(results, errorBox(options.failed(e), load));
    }
  }
  return { load, dispose: () => inFlight?.abort() };
}

export function errorBox(message: string, retry?: () => void): HTMLElement {
  return h(
    'div',
    { class: 'state error', role: 'alert' },
    h('p', null, message),
    retry && h('button', { type: 'button', class: 'button', onclick: retry }, 'Try again'),
  );
}
