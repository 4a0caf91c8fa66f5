// The replay page's keyboard shortcuts (docs/CONSOLE.md, "Keyboard"): they work whenever the page
// has the focus, except while typing in a field or with a dialog open. `?` lists them.
import { FRAME_STEP_MS, SKIP_STEP_MS } from '../constants';
import { h, openDialog } from '../dom';

export interface ShortcutActions {
  toggle: () => void;
  seekBy: (ms: number) => void;
  step: (ms: number) => void;
  frustration: (direction: -1 | 1) => void;
  fullscreen: () => void;
}

export const SHORTCUTS: { keys: string[]; label: string }[] = [
  { keys: ['Space', 'k'], label: 'Play or pause' },
  { keys: ['←', '→'], label: `Back or forward ${SKIP_STEP_MS / 1000} s` },
  { keys: [',', '.'], label: `Back or forward ${FRAME_STEP_MS} ms, paused` },
  { keys: ['[', ']'], label: 'Previous or next frustration' },
  { keys: ['f'], label: 'Fullscreen' },
  { keys: ['?'], label: 'These shortcuts' },
];

export class Shortcuts {
  constructor(private readonly actions: ShortcutActions) {
    document.addEventListener('keydown', this.onKey);
  }

  showHelp(): void {
    openDialog(
      'Keyboard shortcuts',
      h(
        'dl',
        { class: 'shortcuts', 'data-shortcuts-help': '' },
        SHORTCUTS.flatMap((s) => [
          h(
            'dt',
            null,
            s.keys.flatMap((k, i) => [i ? ' ' : '', h('kbd', null, k)]),
          ),
          h('dd', null, s.label),
        ]),
      ),
    );
  }

  dispose(): void {
    document.removeEventListener('keydown', this.onKey);
  }

  private onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as Element | null;
    if (target?.closest?.('input, select, textarea, [contenteditable], dialog, [role=dialog], [role=menu]')) return;
    if (document.querySelector('dialog[open]')) return;
    // Space on a focused button presses it; the play button is the one that means play/pause anyway
    if (event.key === ' ' && target?.closest?.('button, a') && !target.closest('.play')) return;
    const a = this.actions;
    const handlers: Record<string, () => void> = {
      ' ': a.toggle,
      k: a.toggle,
      ArrowLeft: () => a.seekBy(-SKIP_STEP_MS),
      ArrowRight: () => a.seekBy(SKIP_STEP_MS),
      ',': () => a.step(-FRAME_STEP_MS),
      '.': () => a.step(FRAME_STEP_MS),
      '[': () => a.frustration(-1),
      ']': () => a.frustration(1),
      f: a.fullscreen,
      '?': () => this.showHelp(),
    };
    const handler = handlers[event.key];
    if (!handler) return;
    event.preventDefault();
    handler();
  };
}
