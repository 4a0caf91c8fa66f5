// ESLint (flat config): what formatting cannot catch. Prettier owns the layout (eslint-config-prettier
// turns off the rules it would fight). `make test` lints the whole package (scripts/format.sh --check).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'bench/dist/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  // the recorder runs in the visitor's browser
  { files: ['src/**/*.ts'], languageOptions: { globals: globals.browser } },
  // tests, benchmarks and build scripts run in Node, and hand functions to the browser to run there
  { files: ['**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  prettier,
);
