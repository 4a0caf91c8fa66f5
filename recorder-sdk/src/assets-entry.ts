// dist/rewind-assets.js: asset capture (assets.ts), which the recorder loads once a page is recorded.
import { captureAssets, stylesChanged } from './assets';

const own = window as unknown as { __rewindAssets?: typeof captureAssets; __rewindStylesChanged?: () => void };
own.__rewindAssets = captureAssets;
// the recorder calls it on rrweb's CSSOM and adopted sheet events (recorder.ts)
own.__rewindStylesChanged = stylesChanged;
