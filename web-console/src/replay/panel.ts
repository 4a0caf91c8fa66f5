// The side panel of a replay: frustrations (from the server), and console messages, network
// requests, errors and page metadata read from the recording as its chunks arrive. Every recorded
// string is shown as text, never as markup; a click on an entry seeks the player there.
import { CONSOLE_PLUGIN, EVENT_CUSTOM, EVENT_META, EVENT_PLUGIN, JUMP_LEAD_IN_MS } from '../constants';
import { h, replaceChildren } from '../dom';
import { clock, dateTime, duration, shortUrl } from '../format';
import type { Frustration, RecordedEvent, SessionDetail } from '../types';
import type { Marker } from './player';

type Tab = 'frustrations' | 'console' | 'network' | 'errors' | 'details';

const FRUSTRATION_LABELS: Record<string, string> = {
  rage_click: 'Rage click',
  dead_click: 'Dead click',
  error_click: 'Error click',
  error: 'Error',
};

export interface PanelOptions {
  onSeek: (offsetMs: number) => void;
}

interface Entry {
  offsetMs: number;
  element: HTMLElement;
}

export class SidePanel {
  readonly element: HTMLElement;
  private readonly detail: SessionDetail;
  private readonly options: PanelOptions;
  private readonly sessionStart: number;
  private readonly lists: Record<Tab, HTMLElement>;
  private readonly tabs: Record<Tab, HTMLButtonElement>;
  private readonly entries: Record<Tab, Entry[]> = { frustrations: [], console: [], network: [], errors: [], details: [] };
  private active: Tab = 'frustrations';
  private readonly facts = {
    viewports: new Set<string>(),
    pages: [] as string[],
    identified: null as null | { userId: string; traits: unknown },
    droppedEvents: 0,
    tracked: 0,
  };
  private readonly detailsList: HTMLElement;

  constructor(detail: SessionDetail, options: PanelOptions) {
    this.detail = detail;
    this.options = options;
    this.sessionStart = Date.parse(detail.startedAt);
    this.detailsList = h('dl', { class: 'facts' });
    const names: Record<Tab, string> = { frustrations: 'Frustrations', console: 'Console', network: 'Network', errors: 'Errors', details: 'Details' };
    const order: Tab[] = ['frustrations', 'console', 'network', 'errors', 'details'];
    this.tabs = {} as Record<Tab, HTMLButtonElement>;
    this.lists = {} as Record<Tab, HTMLElement>;
    for (const tab of order) {
      this.tabs[tab] = h('button', { type: 'button', role: 'tab', class: 'tab', 'data-tab': tab, id: 'tab-' + tab, 'aria-controls': 'panel-' + tab, onclick: () => this.show(tab) }, names[tab]);
      this.lists[tab] = h('div', { role: 'tabpanel', class: 'tab-panel', id: 'panel-' + tab, 'aria-labelledby': 'tab-' + tab, 'data-panel': tab });
    }
    this.lists.details.appendChild(this.detailsList);
    this.element = h('aside', { class: 'side-panel' }, h('div', { class: 'tabs', role: 'tablist' }, order.map((t) => this.tabs[t])), order.map((t) => this.lists[t]));
    this.renderFrustrations(detail.frustrations);
    this.renderDetails();
    this.show(detail.frustrations.length > 0 ? 'frustrations' : 'details');
    this.updateCounts();
  }

  /** Timeline markers for what the server found. */
  frustrationMarkers(): Marker[] {
    return this.detail.frustrations.map((f) => ({ offsetMs: f.offsetMs, kind: f.type, label: FRUSTRATION_LABELS[f.type] || f.type }));
  }

  /** Reads one chunk's events; returns markers for the errors in it. */
  addEvents(events: RecordedEvent[]): Marker[] {
    const markers: Marker[] = [];
    for (const event of events) {
      const offsetMs = event.timestamp - this.sessionStart;
      if (event.type === EVENT_META) {
        if (event.data?.width && event.data?.height) this.facts.viewports.add(`${event.data.width} × ${event.data.height}`);
        if (typeof event.data?.href === 'string') this.addPage(event.data.href);
      } else if (event.type === EVENT_PLUGIN && event.data?.plugin === CONSOLE_PLUGIN) {
        this.addConsole(offsetMs, event.data.payload || {});
      } else if (event.type === EVENT_CUSTOM) {
        const payload = event.data?.payload || {};
        switch (event.data?.tag) {
          case 'error':
            this.addError(offsetMs, payload);
            markers.push({ offsetMs, kind: 'error', label: 'Error: ' + text(payload.message, 80) });
            break;
          case 'network':
            this.addNetwork(offsetMs, payload);
            break;
          case 'navigation':
            if (typeof payload.href === 'string') this.addPage(payload.href);
            break;
          case 'identify':
            if (typeof payload.userId === 'string') this.facts.identified = { userId: payload.userId, traits: payload.traits };
            break;
          case 'track':
            this.facts.tracked++;
            this.addConsoleLine(offsetMs, 'track', `${text(payload.name, 100)} ${payload.data === undefined ? '' : text(JSON.stringify(payload.data), 300)}`, '');
            break;
          case 'dropped':
            this.facts.droppedEvents += Number(payload.events) || 0;
            break;
        }
      }
    }
    this.updateCounts();
    this.renderDetails();
    return markers;
  }

  /** Marks the entries already played in the visible list. */
  setTime(offsetMs: number): void {
    for (const entry of this.entries[this.active]) entry.element.classList.toggle('past', entry.offsetMs <= offsetMs);
  }

  show(tab: Tab): void {
    this.active = tab;
    for (const [name, button] of Object.entries(this.tabs)) {
      button.setAttribute('aria-selected', String(name === tab));
      this.lists[name as Tab].hidden = name !== tab;
    }
  }

  private renderFrustrations(frustrations: Frustration[]): void {
    const list = this.lists.frustrations;
    if (frustrations.length === 0) {
      list.appendChild(h('p', { class: 'empty-list' }, 'No rage, dead or error clicks in this session.'));
      return;
    }
    for (const f of [...frustrations].sort((a, b) => a.offsetMs - b.offsetMs)) {
      const target = f.target.text ? `“${text(f.target.text, 60)}”` : f.target.selector ? text(f.target.selector, 80) : `node ${f.target.nodeId}`;
      const extra = f.clickCount ? ` · ${f.clickCount} clicks` : '';
      this.addEntry('frustrations', f.offsetMs, [h('span', { class: 'badge ' + f.type }, FRUSTRATION_LABELS[f.type] || f.type), h('span', { class: 'entry-text' }, target + extra)], {
        'data-frustration': f.type,
        title: f.target.selector || '',
      });
    }
  }

  private addConsole(offsetMs: number, payload: { level?: string; payload?: unknown[]; trace?: string[] }): void {
    const args = Array.isArray(payload.payload) ? payload.payload.map(consoleArgument).join(' ') : '';
    const trace = Array.isArray(payload.trace) ? payload.trace.slice(0, 5).map((t) => text(t, 200)).join('\n') : '';
    this.addConsoleLine(offsetMs, text(payload.level || 'log', 10), args, trace);
  }

  private addConsoleLine(offsetMs: number, level: string, message: string, trace: string): void {
    this.addEntry('console', offsetMs, [h('span', { class: 'level ' + level }, level), h('span', { class: 'entry-text mono' }, text(message, 2000))], { title: trace, 'data-level': level });
  }

  private addNetwork(offsetMs: number, payload: { url?: string; method?: string; status?: number; durationMs?: number }): void {
    const status = Number(payload.status) || 0;
    this.addEntry('network', offsetMs, [
      h('span', { class: 'method' }, text(payload.method || 'GET', 10)),
      h('span', { class: 'entry-text mono', title: text(payload.url, 500) }, shortUrl(text(payload.url, 500))),
      h('span', { class: status === 0 || status >= 400 ? 'status bad' : 'status' }, status === 0 ? 'failed' : String(status)),
      h('span', { class: 'muted small' }, Number.isFinite(payload.durationMs) ? `${Math.round(payload.durationMs!)} ms` : ''),
    ]);
  }

  private addError(offsetMs: number, payload: { message?: string; stack?: string; source?: string; line?: number; column?: number }): void {
    const where = payload.source ? `${shortUrl(text(payload.source, 300))}${payload.line ? ':' + payload.line : ''}${payload.column ? ':' + payload.column : ''}` : '';
    this.addEntry('errors', offsetMs, [
      h('span', { class: 'entry-text' }, h('strong', null, text(payload.message || 'Error', 500)), where && h('div', { class: 'muted small mono' }, where)),
      payload.stack ? h('details', { class: 'stack' }, h('summary', null, 'Stack'), h('pre', { class: 'mono small' }, text(payload.stack, 4000))) : null,
    ]);
  }

  private addEntry(tab: Tab, offsetMs: number, content: (HTMLElement | null | '')[], attrs: Record<string, string> = {}): void {
    const seek = () => this.options.onSeek(Math.max(0, offsetMs - JUMP_LEAD_IN_MS));
    // A row, not a button: an error's stack (<details>) inside it must stay clickable on its own.
    const element = h(
      'div',
      { class: 'entry', 'data-offset-ms': Math.round(offsetMs), ...attrs, onclick: (e: MouseEvent) => !(e.target as Element).closest('details') && seek() },
      h('button', { type: 'button', class: 'at mono', 'aria-label': 'Jump to ' + clock(offsetMs) }, clock(offsetMs)),
      content,
    );
    const list = this.entries[tab];
    // Chunks arrive in order, so entries nearly always go at the end.
    let index = list.length;
    while (index > 0 && list[index - 1].offsetMs > offsetMs) index--;
    const before = list[index]?.element ?? null;
    this.lists[tab].insertBefore(element, before);
    list.splice(index, 0, { offsetMs, element });
  }

  private addPage(href: string): void {
    if (!this.facts.pages.includes(href)) this.facts.pages.push(href);
  }

  private updateCounts(): void {
    const counts: Partial<Record<Tab, number>> = {
      frustrations: this.detail.frustrations.length,
      console: this.entries.console.length,
      network: this.entries.network.length,
      errors: this.entries.errors.length,
    };
    for (const [tab, count] of Object.entries(counts)) {
      const button = this.tabs[tab as Tab];
      const label = button.firstChild!.textContent!;
      replaceChildren(button, label, count ? h('span', { class: 'count' }, String(count)) : null);
    }
  }

  private renderDetails(): void {
    const d = this.detail;
    const pages = [...new Set([...(d.urls || []), ...this.facts.pages])];
    const user = this.facts.identified?.userId || d.userId;
    const rows: [string, Node | string][] = [
      ['Session', h('span', { class: 'mono small' }, d.sessionId)],
      ['Started', dateTime(d.startedAt)],
      ['Duration', duration(d.durationMs)],
      ['User', user || 'anonymous'],
      ['Browser', d.browser || '—'],
      ['OS', d.os || '—'],
      ['Device', d.device || '—'],
      ['Viewport', [...this.facts.viewports].join(', ') || '—'],
      ['Activity', `${d.eventCount} events, ${d.clickCount} clicks, ${d.errorCount} errors`],
      ['Pages', h('ol', { class: 'pages' }, pages.map((p) => h('li', { class: 'mono small', title: p }, shortUrl(p))))],
    ];
    if (this.facts.identified?.traits && typeof this.facts.identified.traits === 'object') {
      rows.push(['Traits', h('pre', { class: 'mono small' }, text(JSON.stringify(this.facts.identified.traits, null, 2), 2000))]);
    }
    if (this.facts.tracked) rows.push(['Tracked events', String(this.facts.tracked)]);
    if (this.facts.droppedEvents) rows.push(['Dropped', `${this.facts.droppedEvents} events were dropped by the recorder (its queue was full)`]);
    replaceChildren(
      this.detailsList,
      rows.flatMap(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
    );
  }
}

/** rrweb's console plugin stores each argument JSON-encoded. */
function consoleArgument(argument: unknown): string {
  if (typeof argument !== 'string') return text(JSON.stringify(argument), 1000);
  try {
    const value = JSON.parse(argument);
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return argument;
  }
}

function text(value: unknown, max: number): string {
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  return s.length > max ? s.slice(0, max) + '…' : s;
}
