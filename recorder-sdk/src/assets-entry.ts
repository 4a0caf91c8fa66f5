// dist/rewind-assets.js: asset capture (assets.ts), which the recorder loads once a page is recorded.
import { captureAssets } from './assets';

(window as unknown as { __rewindAssets?: typeof captureAssets }).__rewindAssets = captureAssets;
