// The replay player: rrweb's Replayer (in its sandboxed iframe) fed by a ChunkStream, with our own
// controls: play/pause (also a click on the replay), a timeline with frustration and error markers,
// page changes and inactivity (TimelineMarks), the current page's URL above the frame, speed,
// skip-inactivity, fullscreen, keyboard shortcuts (Shortcuts) and a progress indicator while chunks load.
//
// Streaming: the Replayer is created as soon as the events in hand hold a full snapshot (normally
// the first chunk), starts playing, and every later chunk is added with addEvent. When playback
// catches up with what has loaded, the player waits ("buffering") and resumes when more arrives; a
// seek past the loaded part waits for it the same way.
//
// Safety: the Replayer builds the recorded page inside an iframe whose sandbox is exactly
// "allow-same-origin" (no allow-scripts: recorded scripts, inline handlers and javascript: URLs never
// run, nor do nested srcdoc frames, which inherit the sandbox). We never set UNSAFE_replayCanvas, the
// one option that would add allow-scripts; isSandboxed() checks the attribute at run time. Canvas frames
// are drawn by our own plugin instead (replay/canvas.ts).
import { Replayer } from '@rrweb/replay';
import {
  ASSET_RENEWAL_SHARE,
  EVENT_CUSTOM,
  EVENT_FULL_SNAPSHOT,
  EVENT_INCREMENTAL,
  EVENT_META,
  INACTIVITY_THRESHOLD_MS,
  SPEEDS,
  STORAGE_PLAYER_PREFS,
} from '../constants';
import { h, replaceChildren } from '../dom';
import { clock, plural, shortUrl } from '../format';
import type { RecordedEvent, SessionDetail } from '../types';
import { AssetRewriter } from './assets';
import { canvasFrames } from './canvas';
import { ChunkStream } from './chunks';
import { Shortcuts } from './shortcuts';
import { TimelineMarks, type Marker } from './timeline';

export type { Marker } from './timeline';

export type PlayerState = 'loading' | 'playing' | 'paused' | 'buffering' | 'seeking' | 'ended' | 'error';

export interface PlayerOptions {
  detail: SessionDetail;
  /** The session detail again, with fresh chunk and stored-copy URLs (both are short-lived). */
  renew: () => Promise<SessionDetail>;
  /** Where to start, in ms from the session start (a shared moment or a frustration). */
  startAtMs?: number;
  /** performance.now() when the user asked for this replay: the zero of time to first frame. */
  requestedAt: number;
  onEvents: (events: RecordedEvent[]) => void;
  onTime: (offsetMs: number) => void;
}

interface Prefs {
  speed: number;
  skipInactive: boolean;
}

type ReplayerEvent = ConstructorParameters<typeof Replayer>[0][number];

export class Player {
  readonly element: HTMLElement;
  private readonly options: PlayerOptions;
  private readonly stream: ChunkStream;
  private readonly stage: HTMLElement;
  private readonly overlay: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly timeText: HTMLElement;
  private readonly timeline: HTMLElement;
  private readonly bufferedBar: HTMLElement;
  private readonly playedBar: HTMLElement;
  private readonly progressText: HTMLElement;
  private readonly skipping: HTMLElement;
  private readonly sessionStart: number;
  private totalMs: number;
  private replayer: Replayer | null = null;
  private waiting: RecordedEvent[] = [];
  private lastLoadedTimestamp = -Infinity;
  private state: PlayerState = 'loading';
  private pendingSeek: { offsetMs: number; play: boolean } | null = null;
  private resumeAt = 0;
  private viewport = { width: 1024, height: 768 };
  private prefs: Prefs = loadPrefs();
  private frame = 0;
  private lastTimeReport = 0;
  private readonly resizeObserver: ResizeObserver;
  private readonly marks: TimelineMarks;
  private readonly urlBar: HTMLElement;
  private readonly shortcuts: Shortcuts;
  /** The latest user interaction seen in the loaded events (ms from the start): inactivity is a long gap after one. */
  private lastActivityMs = 0;
  private readonly assets: AssetRewriter;
  /** Every event delivered so far: a renewal of the copies' URLs rewrites them again (the Replayer holds the same objects). */
  private readonly delivered: RecordedEvent[] = [];
  private assetRenewal = 0;
  private renewal: Promise<SessionDetail> | null = null;

  constructor(options: PlayerOptions) {
    this.options = options;
    const { detail } = options;
    this.assets = new AssetRewriter(detail.assets);
    this.sessionStart = Date.parse(detail.startedAt);
    this.totalMs = Math.max(1, detail.durationMs);

    this.stage = h('div', { class: 'stage' });
    this.overlay = h('div', { class: 'stage-overlay' });
    this.playButton = h('button', { type: 'button', class: 'play', 'aria-label': 'Play', 'data-play': '', onclick: () => this.toggle() });
    this.timeText = h('span', { class: 'time', 'data-time': '' }, `0:00 / ${clock(roundUpToSecond(this.totalMs))}`);
    this.bufferedBar = h('div', { class: 'buffered' });
    this.playedBar = h('div', { class: 'played' });
    this.timeline = h(
      'div',
      {
        class: 'timeline',
        role: 'slider',
        tabindex: 0,
        'aria-label': 'Replay position',
        'aria-valuemin': 0,
        'aria-valuemax': Math.round(this.totalMs / 1000),
      },
      h('div', { class: 'track' }, this.bufferedBar, this.playedBar),
    );
    this.marks = new TimelineMarks(this.timeline, (offsetMs) => this.seek(offsetMs, true));
    this.timeline.appendChild(this.marks.element);
    this.urlBar = h(
      'div',
      { class: 'url-bar mono small', 'data-current-url': '', title: detail.entryUrl || '' },
      shortUrl(detail.entryUrl),
    );
    if (detail.entryUrl) this.marks.addPageChange({ offsetMs: 0, href: detail.entryUrl });
    this.progressText = h('span', { class: 'load-progress small', 'data-load-progress': '' });
    this.skipping = h('span', { class: 'skipping small', hidden: true }, 'Skipping inactivity…');
    const speed = h(
      'select',
      { class: 'speed', 'aria-label': 'Speed', 'data-speed': '', onchange: () => this.setPrefs({ speed: Number(speed.value) }) },
      SPEEDS.map((s) => h('option', { value: s, selected: s === this.prefs.speed }, `${s}×`)),
    );
    const skip = h('input', {
      type: 'checkbox',
      'data-skip-inactive': '',
      checked: this.prefs.skipInactive,
      onchange: () => this.setPrefs({ skipInactive: skip.checked }),
    });
    const stageFrame = h(
      'div',
      { class: 'stage-frame', 'data-stage': '', title: 'Click to play or pause', onclick: () => this.toggle() },
      this.stage,
      this.overlay,
    );
    this.shortcuts = new Shortcuts({
      toggle: () => this.toggle(),
      seekBy: (ms) => this.seek(this.currentOffset() + ms),
      step: (ms) => this.seek(this.currentOffset() + ms, false),
      frustration: (direction) => this.jumpToFrustration(direction),
      fullscreen: () => this.toggleFullscreen(),
    });

    this.element = h(
      'div',
      { class: 'player', tabindex: 0, 'data-state': 'loading', 'data-chunks-loaded': 0, 'data-chunks-total': detail.chunks.length },
      this.urlBar,
      stageFrame,
      h(
        'div',
        { class: 'controls' },
        this.playButton,
        this.timeText,
        this.timeline,
        h('label', { class: 'control small' }, 'Speed ', speed),
        h('label', { class: 'control small' }, skip, ' Skip inactivity'),
        h(
          'button',
          {
            type: 'button',
            class: 'icon-button wide',
            'aria-label': 'Fullscreen (f)',
            title: 'Fullscreen (f)',
            'data-fullscreen': '',
            onclick: () => this.toggleFullscreen(),
          },
          'Full screen',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'icon-button',
            'aria-label': 'Keyboard shortcuts (?)',
            title: 'Keyboard shortcuts (?)',
            'data-shortcuts': '',
            onclick: () => this.shortcuts.showHelp(),
          },
          '?',
        ),
      ),
      h(
        'div',
        { class: 'status-line' },
        this.progressText,
        this.skipping,
        h('span', { class: 'shortcut-hint small' }, 'Click the replay to pause · press ? for keyboard shortcuts'),
      ),
    );
    this.bindTimeline();
    this.resizeObserver = new ResizeObserver(() => {
      this.fit();
      this.marks.render();
    });
    this.resizeObserver.observe(this.stage);
    this.resizeObserver.observe(this.timeline);
    this.setState('loading');
    this.showProgress(0, detail.chunks.length);

    this.stream = new ChunkStream(detail.chunks, {
      onChunk: (events, loaded, total) => this.onChunk(events, loaded, total),
      onDone: () => this.onDone(),
      onError: (error) => this.fail('The recording could not be loaded: ' + error.message),
      renew: () => this.renew().then((fresh) => fresh.chunks),
    });
    this.scheduleAssetRenewal(detail);
    if (options.startAtMs !== undefined) this.pendingSeek = { offsetMs: options.startAtMs, play: true };
    this.stream.start();
    this.tick();
  }

  /** Seeks to `offsetMs` from the session start; waits for the chunks that cover it if need be. */
  seek(offsetMs: number, play = this.state !== 'paused' && this.state !== 'ended'): void {
    const target = Math.max(0, Math.min(offsetMs, this.totalMs));
    const covered = this.stream.done || this.sessionStart + target <= this.lastLoadedTimestamp;
    if (!this.replayer || !covered) {
      this.pendingSeek = { offsetMs: target, play };
      if (this.replayer) {
        this.replayer.pause();
        this.setState('seeking');
      }
      this.render(target);
      return;
    }
    this.pendingSeek = null;
    const at = this.toReplayerTime(target);
    if (play) {
      this.replayer.play(at);
      this.setState('playing');
    } else {
      this.replayer.pause(at);
      this.setState('paused');
    }
    this.render(target);
  }

  addMarkers(markers: Marker[]): void {
    this.marks.addMarkers(markers);
  }

  currentOffset(): number {
    if (this.pendingSeek) return this.pendingSeek.offsetMs;
    if (!this.replayer) return 0;
    return this.replayer.getMetaData().startTime + this.replayer.getCurrentTime() - this.sessionStart;
  }

  dispose(): void {
    this.stream.stop();
    clearTimeout(this.assetRenewal);
    this.shortcuts.dispose();
    this.marks.dispose();
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    try {
      this.replayer?.destroy();
    } catch {
      // already torn down with the page
    }
    this.replayer = null;
  }

  private onChunk(events: RecordedEvent[], loaded: number, total: number): void {
    if (loaded === 1) performance.mark('rewind:first-chunk');
    this.assets.rewrite(events);
    this.delivered.push(...events);
    for (const event of events) {
      if (event.timestamp > this.lastLoadedTimestamp) this.lastLoadedTimestamp = event.timestamp;
      this.readTimelineFacts(event);
    }
    this.totalMs = Math.max(this.totalMs, this.lastLoadedTimestamp - this.sessionStart);
    this.marks.setTotal(this.totalMs);
    this.options.onEvents(events);
    this.showProgress(loaded, total);
    if (!this.replayer) {
      this.waiting.push(...events);
      if (this.waiting.length >= 2 && this.waiting.some((e) => e.type === EVENT_FULL_SNAPSHOT)) this.startReplayer();
      return;
    }
    for (const event of events) this.replayer.addEvent(event as ReplayerEvent);
    // addEvent applies on a microtask; act on the new data after it.
    void Promise.resolve().then(() => this.afterData());
  }

  private onDone(): void {
    performance.mark('rewind:all-chunks');
    if (this.totalMs - this.lastActivityMs > INACTIVITY_THRESHOLD_MS) this.marks.addInactivity(this.lastActivityMs, this.totalMs);
    this.element.dataset.loaded = 'true';
    if (!this.replayer) {
      if (this.waiting.length >= 2 && this.waiting.some((e) => e.type === EVENT_FULL_SNAPSHOT)) this.startReplayer();
      else this.fail('This recording holds no snapshot of the page, so there is nothing to replay.');
      return;
    }
    void Promise.resolve().then(() => this.afterData());
  }

  /**
   * One way to fresh URLs, for chunks and stored copies alike: the session detail read again (one
   * request shared by whoever asks meanwhile). Every answer also renews the copies' URLs.
   */
  private renew(): Promise<SessionDetail> {
    if (!this.renewal) {
      this.renewal = this.options
        .renew()
        .then((fresh) => {
          if (this.assets.renew(fresh.assets)) this.assets.rewrite(this.delivered);
          this.scheduleAssetRenewal(fresh);
          return fresh;
        })
        .finally(() => (this.renewal = null));
    }
    return this.renewal;
  }

  /**
   * The copies' URLs expire (docs/ASSETS.md, "Replay"), and a copy first shown after that (a late image,
   * a seek into a page not shown before) would not load: they are renewed before, as long as the replay
   * is open. Neither a failed image nor a failed font can be seen from here, so this goes by the clock.
   */
  private scheduleAssetRenewal(detail: SessionDetail, share = ASSET_RENEWAL_SHARE): void {
    clearTimeout(this.assetRenewal);
    const validForMs = (detail.assetsValidForSeconds ?? 0) * 1000;
    if (!this.assets.size || validForMs <= 0) return;
    this.assetRenewal = window.setTimeout(
      () =>
        // a failed renewal is tried again before the URLs in hand expire
        this.renew().catch(() => this.scheduleAssetRenewal(detail, (1 - ASSET_RENEWAL_SHARE) / 2)),
      validForMs * share,
    );
  }

  private afterData(): void {
    if (!this.replayer) return;
    if (this.pendingSeek) {
      const { offsetMs, play } = this.pendingSeek;
      this.seek(offsetMs, play);
    } else if (this.state === 'buffering') {
      this.replayer.play(this.resumeAt);
      this.setState('playing');
    }
  }

  private startReplayer(): void {
    if (!this.stage.isConnected) {
      // The Replayer's sandboxed iframe needs a connected root; the page is attached right after render.
      requestAnimationFrame(() => this.startReplayer());
      return;
    }
    const events = this.waiting as ReplayerEvent[];
    this.waiting = [];
    const replayer = new Replayer(events, {
      root: this.stage,
      speed: this.prefs.speed,
      skipInactive: this.prefs.skipInactive,
      inactivePeriodThreshold: INACTIVITY_THRESHOLD_MS,
      showWarning: false,
      triggerFocus: false,
      mouseTail: false,
      UNSAFE_replayCanvas: false,
      plugins: [canvasFrames()],
    });
    if (!isSandboxed(this.stage)) {
      replayer.destroy();
      this.fail("The replay was stopped: its frame would be able to run the recorded page's scripts.");
      return;
    }
    this.replayer = replayer;
    let firstFrame = true;
    replayer.on('fullsnapshot-rebuilded', () => {
      if (!firstFrame) return;
      firstFrame = false;
      performance.mark('rewind:first-frame');
      this.element.dataset.firstFrameMs = String(Math.round(performance.now() - this.options.requestedAt));
      this.element.dataset.chunksAtFirstFrame = String(this.stream.loaded);
      this.stream.speedUp();
    });
    replayer.on('resize', (size) => {
      const { width, height } = size as { width: number; height: number };
      this.viewport = { width, height };
      this.fit();
    });
    replayer.on('finish', () => {
      if (this.stream.done) {
        this.setState('ended');
        this.render(this.totalMs);
      } else {
        this.resumeAt = replayer.getCurrentTime();
        this.setState('buffering');
      }
    });
    replayer.on('skip-start', () => (this.skipping.hidden = false));
    replayer.on('skip-end', () => (this.skipping.hidden = true));
    if (this.pendingSeek) {
      const { offsetMs, play } = this.pendingSeek;
      this.seek(offsetMs, play);
    } else {
      replayer.play(0);
      this.setState('playing');
    }
  }

  private toReplayerTime(offsetMs: number): number {
    const start = this.replayer!.getMetaData().startTime;
    return Math.max(0, this.sessionStart + offsetMs - start);
  }

  private toggle(): void {
    if (!this.replayer) return;
    if (this.state === 'playing' || this.state === 'buffering') {
      this.replayer.pause();
      this.setState('paused');
      // the time shown is where it stopped, not the last frame drawn before
      this.render(this.currentOffset());
    } else if (this.state === 'ended') {
      this.seek(0, true);
    } else if (this.state === 'seeking' && this.pendingSeek) {
      this.pendingSeek.play = !this.pendingSeek.play;
    } else {
      this.seek(this.currentOffset(), true);
    }
  }

  /** Page changes and inactivity, read from the events as they load. */
  private readTimelineFacts(event: RecordedEvent): void {
    const offsetMs = event.timestamp - this.sessionStart;
    if (event.type === EVENT_META && typeof event.data?.href === 'string') {
      this.marks.addPageChange({ offsetMs, href: event.data.href });
    } else if (event.type === EVENT_CUSTOM && event.data?.tag === 'navigation' && typeof event.data?.payload?.href === 'string') {
      this.marks.addPageChange({ offsetMs, href: event.data.payload.href });
    } else if (event.type === EVENT_INCREMENTAL && isUserInteraction(event.data?.source)) {
      if (offsetMs - this.lastActivityMs > INACTIVITY_THRESHOLD_MS) this.marks.addInactivity(this.lastActivityMs, offsetMs);
      this.lastActivityMs = Math.max(this.lastActivityMs, offsetMs);
    }
  }

  /** `[` and `]`: the previous or next frustration, from where the replay is. */
  private jumpToFrustration(direction: -1 | 1): void {
    const now = this.currentOffset();
    const offsets = this.marks.frustrationOffsets();
    // a little slack, so that `[` right after a jump goes to the one before
    const target = direction > 0 ? offsets.find((o) => o > now + 50) : [...offsets].reverse().find((o) => o < now - 50);
    if (target !== undefined) this.seek(target);
  }

  private toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void this.element.requestFullscreen?.().catch(() => undefined);
  }

  private bindTimeline(): void {
    const offsetAt = (clientX: number) => {
      const rect = this.timeline.getBoundingClientRect();
      return ((clientX - rect.left) / rect.width) * this.totalMs;
    };
    let dragging = false;
    this.timeline.addEventListener('pointerdown', (e) => {
      dragging = true;
      this.timeline.setPointerCapture(e.pointerId);
      this.render(offsetAt(e.clientX));
    });
    this.timeline.addEventListener('pointermove', (e) => {
      if (dragging) this.render(offsetAt(e.clientX));
    });
    this.timeline.addEventListener('pointerup', (e) => {
      if (!dragging) return;
      dragging = false;
      this.seek(offsetAt(e.clientX));
    });
  }

  private setPrefs(change: Partial<Prefs>): void {
    this.prefs = { ...this.prefs, ...change };
    localStorage.setItem(STORAGE_PLAYER_PREFS, JSON.stringify(this.prefs));
    this.replayer?.setConfig({ speed: this.prefs.speed, skipInactive: this.prefs.skipInactive });
    if (!this.prefs.skipInactive) this.skipping.hidden = true;
  }

  private setState(state: PlayerState): void {
    this.state = state;
    this.element.dataset.state = state;
    const playing = state === 'playing' || state === 'buffering' || (state === 'seeking' && !!this.pendingSeek?.play);
    this.playButton.textContent = playing ? '❚❚' : state === 'ended' ? '↺' : '▶';
    this.playButton.setAttribute('aria-label', playing ? 'Pause' : state === 'ended' ? 'Replay from the start' : 'Play');
    const message: Partial<Record<PlayerState, string>> = {
      loading: 'Loading the recording…',
      buffering: 'Loading more of the recording…',
      seeking: 'Loading this part of the recording…',
    };
    if (state === 'error') return;
    replaceChildren(
      this.overlay,
      message[state]
        ? h('div', { class: 'overlay-message' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), message[state]!)
        : null,
    );
    this.overlay.hidden = !message[state];
  }

  private fail(message: string): void {
    this.setState('error');
    this.overlay.hidden = false;
    replaceChildren(this.overlay, h('div', { class: 'overlay-message error', role: 'alert' }, message));
  }

  private showProgress(loaded: number, total: number): void {
    this.element.dataset.chunksLoaded = String(loaded);
    this.progressText.textContent =
      loaded < total ? `Loading recording: ${loaded} of ${plural(total, 'chunk')}` : `Recording loaded (${plural(total, 'chunk')})`;
    const covered = this.lastLoadedTimestamp === -Infinity ? 0 : this.lastLoadedTimestamp - this.sessionStart;
    this.bufferedBar.style.width = `${Math.min(100, (covered / this.totalMs) * 100)}%`;
  }

  private tick = (): void => {
    if (this.replayer && (this.state === 'playing' || this.state === 'buffering')) this.render(this.currentOffset());
    this.frame = requestAnimationFrame(this.tick);
  };

  private render(offsetMs: number): void {
    const offset = Math.max(0, Math.min(offsetMs, this.totalMs));
    this.playedBar.style.width = `${(offset / this.totalMs) * 100}%`;
    this.timeText.textContent = `${clock(offset)} / ${clock(roundUpToSecond(this.totalMs))}`;
    this.timeline.setAttribute('aria-valuenow', String(Math.round(offset / 1000)));
    this.timeline.setAttribute('aria-valuetext', clock(offset));
    this.element.dataset.currentMs = String(Math.round(offset));
    const href = this.marks.urlAt(offset);
    if (href && this.urlBar.title !== href) {
      this.urlBar.title = href;
      this.urlBar.textContent = shortUrl(href);
    }
    const now = performance.now();
    if (now - this.lastTimeReport > 250) {
      this.lastTimeReport = now;
      this.options.onTime(offset);
    }
  }

  /** Scales the recorded viewport to fit the stage, centred. */
  private fit(): void {
    const wrapper = this.stage.querySelector<HTMLElement>('.replayer-wrapper');
    if (!wrapper) return;
    const { width, height } = this.viewport;
    const scale = Math.min(this.stage.clientWidth / width, this.stage.clientHeight / height, 1);
    wrapper.style.width = `${width}px`;
    wrapper.style.height = `${height}px`;
    wrapper.style.transform = `scale(${scale})`;
    wrapper.style.left = `${(this.stage.clientWidth - width * scale) / 2}px`;
    wrapper.style.top = `${(this.stage.clientHeight - height * scale) / 2}px`;
  }
}

/** Whether every iframe rrweb made is sandboxed without scripts: the check behind the promise that replays never run code. */
function isSandboxed(stage: HTMLElement): boolean {
  return Array.from(stage.querySelectorAll('iframe')).every(
    (iframe) => iframe.hasAttribute('sandbox') && !iframe.sandbox.contains('allow-scripts') && !iframe.hasAttribute('srcdoc'),
  );
}

/** rrweb's user interactions: the incremental sources from MouseMove (1) to Input (5), and TouchMove (6). */
function isUserInteraction(source: unknown): boolean {
  return typeof source === 'number' && source >= 1 && source <= 6;
}

/** A 900 ms session lasts 0:01, not 0:00. */
function roundUpToSecond(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

function loadPrefs(): Prefs {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_PLAYER_PREFS) || '{}');
    return {
      speed: (SPEEDS as readonly number[]).includes(stored.speed) ? stored.speed : 1,
      skipInactive: typeof stored.skipInactive === 'boolean' ? stored.skipInactive : true,
    };
  } catch {
    return { speed: 1, skipInactive: true };
  }
}
