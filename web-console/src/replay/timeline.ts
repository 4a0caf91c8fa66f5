// What the player's timeline shows besides the played and loaded bars: frustration and error
// markers (clustered when they would overlap, with a popover listing each), page changes, and the
// stretches of inactivity (docs/CONSOLE.md, "Replay").
import { MARKER_CLUSTER_PX } from '../constants';
import { h, replaceChildren } from '../dom';
import { clock, plural } from '../format';

export interface Marker {
  offsetMs: number;
  kind: string;
  label: string;
}

export interface PageChange {
  offsetMs: number;
  href: string;
}

/** A timeline width before layout (the page is attached after the player is built). */
const FALLBACK_WIDTH_PX = 1000;

export class TimelineMarks {
  /** Inactivity, page marks and markers, in this order (markers on top). */
  readonly element: HTMLElement;
  private readonly inactivityLayer: HTMLElement;
  private readonly pageLayer: HTMLElement;
  private readonly markerLayer: HTMLElement;
  private readonly markers: Marker[] = [];
  private readonly pages: PageChange[] = [];
  private readonly inactive: { fromMs: number; toMs: number }[] = [];
  private popover: HTMLElement | null = null;
  private totalMs = 1;

  constructor(
    private readonly timeline: HTMLElement,
    private readonly onSeek: (offsetMs: number) => void,
  ) {
    this.inactivityLayer = h('div', { class: 'inactivity-layer' });
    this.pageLayer = h('div', { class: 'page-layer' });
    this.markerLayer = h('div', { class: 'marker-layer' });
    this.element = h('div', { class: 'timeline-marks' }, this.inactivityLayer, this.pageLayer, this.markerLayer);
    document.addEventListener('pointerdown', this.closeOnOutsideClick, true);
  }

  setTotal(totalMs: number): void {
    if (totalMs === this.totalMs) return;
    this.totalMs = Math.max(1, totalMs);
    this.render();
  }

  addMarkers(markers: Marker[]): void {
    this.markers.push(...markers);
    this.markers.sort((a, b) => a.offsetMs - b.offsetMs);
    this.renderMarkers();
  }

  /** Frustration markers, in time order: what `[` and `]` step through. */
  frustrationOffsets(): number[] {
    return this.markers.filter((m) => m.kind !== 'error').map((m) => m.offsetMs);
  }

  addPageChange(change: PageChange): void {
    const last = this.pages[this.pages.length - 1];
    if (last && last.href === change.href) return;
    this.pages.push(change);
    this.pages.sort((a, b) => a.offsetMs - b.offsetMs);
    this.renderPages();
  }

  /** The URL of the page shown at `offsetMs`: the latest page change at or before it. */
  urlAt(offsetMs: number): string | null {
    let href: string | null = this.pages[0]?.href ?? null;
    for (const page of this.pages) {
      if (page.offsetMs > offsetMs) break;
      href = page.href;
    }
    return href;
  }

  addInactivity(fromMs: number, toMs: number): void {
    this.inactive.push({ fromMs, toMs });
    this.renderInactivity();
  }

  render(): void {
    this.renderInactivity();
    this.renderPages();
    this.renderMarkers();
  }

  dispose(): void {
    document.removeEventListener('pointerdown', this.closeOnOutsideClick, true);
  }

  private percent(offsetMs: number): number {
    return Math.max(0, Math.min(100, (offsetMs / this.totalMs) * 100));
  }

  private renderInactivity(): void {
    replaceChildren(
      this.inactivityLayer,
      this.inactive.map(({ fromMs, toMs }) =>
        h('div', {
          class: 'inactive',
          'data-inactive': '',
          style: `left: ${this.percent(fromMs)}%; width: ${this.percent(toMs) - this.percent(fromMs)}%`,
          title: `No activity for ${clock(toMs - fromMs)}`,
        }),
      ),
    );
  }

  private renderPages(): void {
    // the first page is where the session starts, not a change
    replaceChildren(
      this.pageLayer,
      this.pages.slice(1).map((page) =>
        h('div', {
          class: 'page-mark',
          'data-page-mark': '',
          'data-offset-ms': Math.round(page.offsetMs),
          style: `left: ${this.percent(page.offsetMs)}%`,
          title: `${clock(page.offsetMs)} ${page.href}`,
        }),
      ),
    );
  }

  /** Markers closer than MARKER_CLUSTER_PX on the timeline as drawn now become one cluster. */
  private renderMarkers(): void {
    this.closePopover();
    const width = this.timeline.clientWidth || FALLBACK_WIDTH_PX;
    const groups: Marker[][] = [];
    for (const marker of this.markers) {
      const group = groups[groups.length - 1];
      if (group && ((marker.offsetMs - group[0].offsetMs) / this.totalMs) * width < MARKER_CLUSTER_PX) group.push(marker);
      else groups.push([marker]);
    }
    replaceChildren(
      this.markerLayer,
      groups.map((group) => (group.length === 1 ? this.markerButton(group[0]) : this.clusterButton(group))),
    );
  }

  private markerButton(marker: Marker): HTMLElement {
    return h('button', {
      type: 'button',
      class: 'marker ' + marker.kind,
      style: `left: ${this.percent(marker.offsetMs)}%`,
      title: `${clock(marker.offsetMs)} ${marker.label}`,
      'aria-label': `${marker.label} at ${clock(marker.offsetMs)}`,
      'data-marker': marker.kind,
      'data-offset-ms': Math.round(marker.offsetMs),
      onclick: (e: MouseEvent) => {
        e.stopPropagation();
        this.onSeek(marker.offsetMs);
      },
      onpointerdown: (e: PointerEvent) => e.stopPropagation(),
    });
  }

  private clusterButton(group: Marker[]): HTMLElement {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'marker cluster',
        style: `left: ${this.percent(group[0].offsetMs)}%`,
        title: `${plural(group.length, 'event')} at ${clock(group[0].offsetMs)}`,
        'aria-label': `${plural(group.length, 'event')} at ${clock(group[0].offsetMs)}: show them`,
        'aria-haspopup': 'true',
        'data-marker': 'cluster',
        'data-count': group.length,
        'data-offset-ms': Math.round(group[0].offsetMs),
        onpointerdown: (e: PointerEvent) => e.stopPropagation(),
      },
      String(group.length),
    );
    button.addEventListener('click', (e) => {
      e.stopPropagation();
      if (this.popover?.dataset.for === String(group[0].offsetMs)) this.closePopover();
      else this.openPopover(button, group);
    });
    return button;
  }

  private openPopover(anchor: HTMLElement, group: Marker[]): void {
    this.closePopover();
    const popover = h(
      'div',
      {
        class: 'marker-popover',
        role: 'menu',
        'data-marker-popover': '',
        'data-for': String(group[0].offsetMs),
        style: anchor.style.cssText,
      },
      group.map((marker) =>
        h(
          'button',
          {
            type: 'button',
            role: 'menuitem',
            class: 'marker-item',
            'data-marker-item': marker.kind,
            'data-offset-ms': Math.round(marker.offsetMs),
            onclick: (e: MouseEvent) => {
              e.stopPropagation();
              this.closePopover();
              this.onSeek(marker.offsetMs);
            },
          },
          h('span', { class: 'swatch ' + marker.kind }),
          h('span', { class: 'mono small' }, clock(marker.offsetMs)),
          ' ',
          marker.label,
        ),
      ),
    );
    popover.addEventListener('pointerdown', (e) => e.stopPropagation());
    popover.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.closePopover();
        anchor.focus();
      }
    });
    this.popover = popover;
    this.element.appendChild(popover);
    popover.querySelector<HTMLElement>('button')?.focus();
  }

  private closePopover(): void {
    this.popover?.remove();
    this.popover = null;
  }

  private closeOnOutsideClick = (e: Event): void => {
    if (this.popover && !this.popover.contains(e.target as Node)) this.closePopover();
  };
}
