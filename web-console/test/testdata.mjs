// The recordings in the repository's testdata/ folder (testdata/README.md), found from this file, so
// the tests read them wherever the clone is.
import { readFileSync } from 'node:fs';

const TESTDATA = new URL('../../testdata/', import.meta.url);

/** The real recording of rrweb's player demo: 272 events, three clicks, no frustration. */
export function demoSessionEvents() {
  return JSON.parse(readFileSync(new URL('rrweb-demo-session.json', TESTDATA), 'utf8'));
}
