// dist/rewind-assets.js: asset capture (assets.ts), which the recorder loads once a page is recorded.
import { captureAssets, pageChanged } from './assets';

const own = window as unknown as { __rewindAssets?: typeof captureAssets; __rewindPageChanged?: () => void };
own.__rewindAssets = captureAssets;
// the recorder calls it on rrweb's events that can bring an asset (recorder.ts, bringsAssets)
own.__rewindPageChanged = pageChanged;
