// Client-side routing on the History API. The server answers every console path with index.html
// (SPA fallback), so each page has a real URL that survives a reload and can be shared.

export interface Page {
  element: HTMLElement;
  /** Stops timers, requests and the replayer when the user leaves the page. */
  dispose?: () => void;
}

export interface RouteContext {
  params: Record<string, string>;
  search: URLSearchParams;
}

export interface Route {
  pattern: string;
  render: (context: RouteContext) => Page;
}

let routes: Route[] = [];
let current: Page | null = null;
let outlet: HTMLElement;

export function startRouter(root: HTMLElement, table: Route[]): void {
  outlet = root;
  routes = table;
  window.addEventListener('popstate', render);
  document.addEventListener('click', interceptLinks);
  render();
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  render();
}

/** Changes the URL's query without re-rendering (the page already shows what it says). */
export function setSearch(search: URLSearchParams, options: { replace?: boolean } = {}): void {
  const query = search.toString();
  const url = location.pathname + (query ? '?' + query : '');
  if (url === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

function render(): void {
  current?.dispose?.();
  current = null;
  const path = location.pathname.replace(/\/+$/, '') || '/';
  for (const route of routes) {
    const params = match(route.pattern, path);
    if (params) {
      current = route.render({ params, search: new URLSearchParams(location.search) });
      outlet.replaceChildren(current.element);
      window.scrollTo(0, 0);
      return;
    }
  }
}

function match(pattern: string, path: string): Record<string, string> | null {
  if (pattern === '*') return {};
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (!have[i]) return null;
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}

function interceptLinks(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}
