// The side panel of a replay: the activity timeline (everything below, in one list, filterable by
// kind, following the playhead), frustrations (from the server), and console messages, network
// requests, errors and page metadata read from the recording as its chunks arrive. Every recorded
// string is shown as text, never as markup; a click on an entry seeks the player there.
import {
  ACTIVITY_KINDS,
  CONSOLE_LEVELS,
  CONSOLE_PLUGIN,
  EVENT_CUSTOM,
  EVENT_FULL_SNAPSHOT,
  EVENT_INCREMENTAL,
  EVENT_META,
  EVENT_PLUGIN,
  JUMP_LEAD_IN_MS,
  type ActivityKind,
} from '../constants';
import { h, replaceChildren } from '../dom';
import { clock, dateTime, duration, plural, shortUrl } from '../format';
import type { Frustration, RecordedEvent, SessionDetail } from '../types';
import { NodeNames } from './nodes';
import type { Marker } from './timeline';

type Tab = 'activity' | 'frustrations' | 'console' | 'network' | 'errors' | 'details';

/** rrweb's incremental sources and mouse interaction types the activity list reads. */
const SOURCE_MUTATION = 0;
const SOURCE_MOUSE_INTERACTION = 2;
const SOURCE_INPUT = 5;
const MOUSE_CLICK = 2;

const FRUSTRATION_LABELS: Record<string, string> = {
  rage_click: 'Rage click',
  dead_click: 'Dead click',
  error_click: 'Error click',
  error: 'Error',
  quick_back: 'Quick back',
  excessive_scroll: 'Excessive scroll',
  form_abandonment: 'Abandoned form',
};

export interface PanelOptions {
  onSeek: (offsetMs: number) => void;
}

interface Entry {
  offsetMs: number;
  element: HTMLElement;
}

/** The name an error is listed by: its message (the server keeps it as the target's text). */
export function frustrationTarget(f: Frustration): string {
  if (f.type === 'error') return f.target.text ? text(f.target.text, 100) : 'JavaScript error';
  // a quick back names the page it bounced off (its text); excessive scrolling names no element
  if (f.type === 'quick_back') return f.target.text ? `from ${text(f.target.text, 100)}` : 'a page left at once';
  if (f.type === 'excessive_scroll') return 'up and down the page';
  if (f.target.text) return `“${text(f.target.text, 60)}”`;
  return f.target.selector ? text(f.target.selector, 80) : 'an element of the page';
}

export class SidePanel {
  readonly element: HTMLElement;
  private readonly detail: SessionDetail;
  private readonly options: PanelOptions;
  private readonly sessionStart: number;
  private readonly lists: Record<Tab, HTMLElement>;
  private readonly tabs: Record<Tab, HTMLButtonElement>;
  private readonly entries: Record<Tab, Entry[]> = { activity: [], frustrations: [], console: [], network: [], errors: [], details: [] };
  private active: Tab = 'frustrations';
  private readonly names = new NodeNames();
  private readonly activityFilter = new Set<ActivityKind>(ACTIVITY_KINDS.map((k) => k.kind));
  private readonly consoleLevels = new Set<string>(CONSOLE_LEVELS);
  private follow = true;
  private lastInputId = 0;
  private current: HTMLElement | null = null;
  private lastPage: string | null = null;
  private readonly activityList: HTMLElement;
  private readonly consoleList: HTMLElement;
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
    const names: Record<Tab, string> = {
      activity: 'Activity',
      frustrations: 'Frustrations',
      console: 'Console',
      network: 'Network',
      errors: 'Errors',
      details: 'Details',
    };
    const order: Tab[] = ['activity', 'frustrations', 'console', 'network', 'errors', 'details'];
    this.tabs = {} as Record<Tab, HTMLButtonElement>;
    this.lists = {} as Record<Tab, HTMLElement>;
    for (const tab of order) {
      this.tabs[tab] = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'tab',
          'data-tab': tab,
          id: 'tab-' + tab,
          'aria-controls': 'panel-' + tab,
          onclick: () => this.show(tab),
        },
        names[tab],
      );
      this.lists[tab] = h('div', {
        role: 'tabpanel',
        class: 'tab-panel',
        id: 'panel-' + tab,
        'aria-labelledby': 'tab-' + tab,
        'data-panel': tab,
      });
    }
    this.lists.details.appendChild(this.detailsList);
    // the activity and console tabs: filters above a list of their own
    this.activityList = h('div', { class: 'entries', 'data-activity-list': '' });
    this.consoleList = h('div', { class: 'entries', 'data-console-list': '' });
    const follow = h('input', { type: 'checkbox', checked: true, 'data-follow': '', onchange: () => (this.follow = follow.checked) });
    this.lists.activity.append(
      h(
        'div',
        { class: 'panel-filters', role: 'group', 'aria-label': 'Show' },
        ACTIVITY_KINDS.map(({ kind, label }) =>
          this.filterChip(label, kind, this.activityFilter, 'data-activity-filter', this.activityList),
        ),
        h('label', { class: 'control small follow' }, follow, ' Follow replay'),
      ),
      this.activityList,
    );
    this.lists.console.append(
      h(
        'div',
        { class: 'panel-filters', role: 'group', 'aria-label': 'Levels' },
        CONSOLE_LEVELS.map((level) => this.filterChip(level, level, this.consoleLevels, 'data-console-filter', this.consoleList)),
      ),
      h(
        'p',
        { class: 'muted small capture-note' },
        'What the recorder captured depends on the console levels chosen in Settings (by default all but debug).',
      ),
      this.consoleList,
    );
    this.element = h(
      'aside',
      { class: 'side-panel' },
      h(
        'div',
        { class: 'tabs', role: 'tablist' },
        order.map((t) => this.tabs[t]),
      ),
      order.map((t) => this.lists[t]),
    );
    this.renderFrustrations(detail.frustrations);
    this.renderDetails();
    this.show(detail.frustrations.length > 0 ? 'frustrations' : 'activity');
    this.updateCounts();
  }

  /** Timeline markers for what the server found. */
  frustrationMarkers(): Marker[] {
    // errors are marked from the recording's own error events, which arrive with the chunks
    return this.detail.frustrations
      .filter((f) => f.type !== 'error')
      .map((f) => ({ offsetMs: f.offsetMs, kind: f.type, label: `${FRUSTRATION_LABELS[f.type] || f.type}: ${frustrationTarget(f)}` }));
  }

  /** Reads one chunk's events; returns markers for the errors in it. */
  addEvents(events: RecordedEvent[]): Marker[] {
    const markers: Marker[] = [];
    for (const event of events) {
      const offsetMs = event.timestamp - this.sessionStart;
      if (event.type === EVENT_META) {
        if (event.data?.width && event.data?.height) this.facts.viewports.add(`${event.data.width} × ${event.data.height}`);
        if (typeof event.data?.href === 'string') this.addPage(event.data.href, offsetMs);
      } else if (event.type === EVENT_FULL_SNAPSHOT && event.data?.node) {
        this.names.learnSnapshot(event.data.node);
      } else if (event.type === EVENT_INCREMENTAL) {
        this.addInteraction(offsetMs, event.data || {});
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
            if (typeof payload.href === 'string') this.addPage(payload.href, offsetMs);
            break;
          case 'identify':
            if (typeof payload.userId === 'string') this.facts.identified = { userId: payload.userId, traits: payload.traits };
            break;
          case 'track':
            this.facts.tracked++;
            this.addConsoleLine(
              offsetMs,
              'track',
              `${text(payload.name, 100)} ${payload.data === undefined ? '' : text(JSON.stringify(payload.data), 300)}`,
              '',
            );
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

  /** Marks the entries already played in the visible list; the activity list marks the current one and keeps it in view. */
  setTime(offsetMs: number): void {
    let current: HTMLElement | null = null;
    for (const entry of this.entries[this.active]) {
      const past = entry.offsetMs <= offsetMs;
      entry.element.classList.toggle('past', past);
      if (past && !entry.element.hidden) current = entry.element;
    }
    if (this.active !== 'activity' || current === this.current) return;
    this.current?.removeAttribute('aria-current');
    this.current = current;
    if (!current) return;
    current.setAttribute('aria-current', 'true');
    if (this.follow) current.scrollIntoView({ block: 'nearest' });
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
      const extra = f.clickCount ? ` · ${plural(f.clickCount, 'click')}` : '';
      const content = () => [
        h('span', { class: 'badge ' + f.type }, FRUSTRATION_LABELS[f.type] || f.type),
        h('span', { class: 'entry-text' }, frustrationTarget(f) + extra),
      ];
      const attrs = { title: f.target.selector || '' };
      this.addEntry('frustrations', f.offsetMs, content(), { ...attrs, 'data-frustration': f.type });
      this.addActivity('frustration', f.offsetMs, content(), attrs);
    }
  }

  private addConsole(offsetMs: number, payload: { level?: string; payload?: unknown[]; trace?: string[] }): void {
    const args = Array.isArray(payload.payload) ? payload.payload.map(consoleArgument).join(' ') : '';
    const trace = Array.isArray(payload.trace)
      ? payload.trace
          .slice(0, 5)
          .map((t) => text(t, 200))
          .join('\n')
      : '';
    this.addConsoleLine(offsetMs, text(payload.level || 'log', 10), args, trace);
  }

  private addConsoleLine(offsetMs: number, level: string, message: string, trace: string): void {
    const content = () => [h('span', { class: 'level ' + level }, level), h('span', { class: 'entry-text mono' }, text(message, 2000))];
    const element = this.addEntry('console', offsetMs, content(), { title: trace, 'data-level': level }, this.consoleList);
    element.hidden = !this.consoleLevels.has(level) && CONSOLE_LEVELS.includes(level as never);
    this.addActivity('console', offsetMs, content(), { title: trace, 'data-level': level });
  }

  /** Clicks and typing, named from the recording's own snapshot (NodeNames). */
  private addInteraction(offsetMs: number, data: { source?: number; type?: number; id?: number; [key: string]: unknown }): void {
    if (data.source === SOURCE_MUTATION) {
      this.names.learnMutation(data as Parameters<NodeNames['learnMutation']>[0]);
    } else if (data.source === SOURCE_MOUSE_INTERACTION && data.type === MOUSE_CLICK && typeof data.id === 'number') {
      this.lastInputId = 0;
      const name = this.names.clicked(data.id);
      const label = name?.text ? `“${name.text}”` : name?.selector || 'the page';
      this.addActivity(
        'click',
        offsetMs,
        [
          h('span', { class: 'kind' }, 'Click'),
          h(
            'span',
            { class: 'entry-text' },
            'Clicked ' + label,
            name?.text && name.selector ? h('span', { class: 'muted small mono' }, ' ' + name.selector) : null,
          ),
        ],
        {
          title: name?.selector || '',
        },
      );
    } else if (data.source === SOURCE_INPUT && typeof data.id === 'number') {
      // one row per field the user typed in, not one per keystroke; the value is never shown
      if (data.id === this.lastInputId) return;
      this.lastInputId = data.id;
      this.addActivity('input', offsetMs, [
        h('span', { class: 'kind' }, 'Input'),
        h('span', { class: 'entry-text' }, 'Typed in ' + (this.names.field(data.id) || 'a field')),
      ]);
    }
  }

  private addActivity(
    kind: ActivityKind,
    offsetMs: number,
    content: (HTMLElement | null | '')[],
    attrs: Record<string, string> = {},
  ): void {
    const element = this.addEntry('activity', offsetMs, content, { ...attrs, 'data-activity': kind }, this.activityList);
    element.hidden = !this.activityFilter.has(kind);
  }

  /** A toggle that shows or hides one kind of row of `list`. */
  private filterChip<K extends string>(label: string, value: K, shown: Set<K>, attribute: string, list: HTMLElement): HTMLElement {
    const chip = h('button', { type: 'button', class: 'chip', 'aria-pressed': 'true', [attribute]: value }, label);
    chip.addEventListener('click', () => {
      if (shown.has(value)) shown.delete(value);
      else shown.add(value);
      chip.setAttribute('aria-pressed', String(shown.has(value)));
      const rowAttribute = attribute === 'data-console-filter' ? 'level' : 'activity';
      for (const row of Array.from(list.children) as HTMLElement[]) {
        const kind = row.dataset[rowAttribute] as K | undefined;
        if (kind && (rowAttribute === 'activity' || CONSOLE_LEVELS.includes(kind as never))) row.hidden = !shown.has(kind);
      }
    });
    return chip;
  }

  private addNetwork(offsetMs: number, payload: { url?: string; method?: string; status?: number; durationMs?: number }): void {
    const status = Number(payload.status) || 0;
    const content = () => [
      h('span', { class: 'method' }, text(payload.method || 'GET', 10)),
      h('span', { class: 'entry-text mono', title: text(payload.url, 500) }, shortUrl(text(payload.url, 500))),
      h('span', { class: status === 0 || status >= 400 ? 'status bad' : 'status' }, status === 0 ? 'failed' : String(status)),
      h('span', { class: 'muted small' }, Number.isFinite(payload.durationMs) ? `${Math.round(payload.durationMs!)} ms` : ''),
    ];
    this.addEntry('network', offsetMs, content());
    this.addActivity('network', offsetMs, content());
  }

  private addError(offsetMs: number, payload: { message?: string; stack?: string; source?: string; line?: number; column?: number }): void {
    const where = payload.source
      ? `${shortUrl(text(payload.source, 300))}${payload.line ? ':' + payload.line : ''}${payload.column ? ':' + payload.column : ''}`
      : '';
    this.addEntry('errors', offsetMs, [
      h(
        'span',
        { class: 'entry-text' },
        h('strong', null, text(payload.message || 'Error', 500)),
        where && h('div', { class: 'muted small mono' }, where),
      ),
      payload.stack
        ? h('details', { class: 'stack' }, h('summary', null, 'Stack'), h('pre', { class: 'mono small' }, text(payload.stack, 4000)))
        : null,
    ]);
    this.addActivity('error', offsetMs, [
      h('span', { class: 'kind error' }, 'Error'),
      h('span', { class: 'entry-text' }, text(payload.message || 'Error', 500)),
    ]);
  }

  private addEntry(
    tab: Tab,
    offsetMs: number,
    content: (HTMLElement | null | '')[],
    attrs: Record<string, string> = {},
    container = this.lists[tab],
  ): HTMLElement {
    const seek = () => this.options.onSeek(Math.max(0, offsetMs - JUMP_LEAD_IN_MS));
    // A row, not a button: an error's stack (<details>) inside it must stay clickable on its own.
    const element = h(
      'div',
      {
        class: 'entry',
        'data-offset-ms': Math.round(offsetMs),
        ...attrs,
        onclick: (e: MouseEvent) => !(e.target as Element).closest('details') && seek(),
      },
      h('button', { type: 'button', class: 'at mono', 'aria-label': 'Jump to ' + clock(offsetMs) }, clock(offsetMs)),
      content,
    );
    const list = this.entries[tab];
    // Chunks arrive in order, so entries nearly always go at the end.
    let index = list.length;
    while (index > 0 && list[index - 1].offsetMs > offsetMs) index--;
    const before = list[index]?.element ?? null;
    container.insertBefore(element, before);
    list.splice(index, 0, { offsetMs, element });
    return element;
  }

  private addPage(href: string, offsetMs: number): void {
    if (this.lastPage !== href)
      this.addActivity('navigation', offsetMs, [
        h('span', { class: 'kind' }, 'Page'),
        h('span', { class: 'entry-text mono', title: href }, shortUrl(href)),
      ]);
    if (!this.facts.pages.includes(href)) this.facts.pages.push(href);
    this.lastPage = href;
  }

  private updateCounts(): void {
    const counts: Partial<Record<Tab, number>> = {
      activity: this.entries.activity.length,
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
      ['Activity', [plural(d.eventCount, 'event'), plural(d.clickCount, 'click'), plural(d.errorCount, 'error')].join(', ')],
      [
        'Pages',
        h(
          'ol',
          { class: 'pages' },
          pages.map((p) => h('li', { class: 'mono small', title: p }, shortUrl(p))),
        ),
      ],
    ];
    if (this.facts.identified?.traits && typeof this.facts.identified.traits === 'object') {
      rows.push(['Traits', h('pre', { class: 'mono small' }, text(JSON.stringify(this.facts.identified.traits, null, 2), 2000))]);
    }
    if (this.facts.tracked) rows.push(['Tracked events', String(this.facts.tracked)]);
    if (this.facts.droppedEvents)
      rows.push(['Dropped', `${this.facts.droppedEvents} events were dropped by the recorder (its queue was full)`]);
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
