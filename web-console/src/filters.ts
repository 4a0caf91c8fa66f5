// The session list's filters live in the console URL (/sessions?flag=rage_click&url=checkout), so a
// view can be bookmarked or sent to a colleague. This module maps between that URL, the filter form
// and the API's query (docs/ARCHITECTURE.md, "Session list"). It touches no DOM, so it is unit-tested in node.
import { FLAGS, type Flag } from './constants';

export interface SessionFilters {
  flags: Flag[];
  /** Calendar days (yyyy-mm-dd) in the viewer's time zone, both inclusive. */
  from?: string;
  to?: string;
  url?: string;
  minDurationMs?: number;
  userId?: string;
  browser?: string;
  /** Sessions that hit this JavaScript error group (from an error's page, docs/INSIGHTS.md): 16 hex digits. */
  errorGroup?: string;
  cursor?: string;
}

const KNOWN_FLAGS = new Set<string>(FLAGS.map((f) => f.flag));
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const GROUP_ID = /^[0-9a-f]{16}$/;

export function parseFilters(search: URLSearchParams): SessionFilters {
  const flags: Flag[] = [];
  for (const flag of search.getAll('flag')) {
    if (KNOWN_FLAGS.has(flag) && !flags.includes(flag as Flag)) flags.push(flag as Flag);
  }
  const minDuration = Number(search.get('minDurationMs'));
  return {
    flags,
    from: day(search.get('from')),
    to: day(search.get('to')),
    url: text(search.get('url')),
    minDurationMs: Number.isInteger(minDuration) && minDuration > 0 ? minDuration : undefined,
    userId: text(search.get('userId')),
    browser: text(search.get('browser')),
    errorGroup: GROUP_ID.test(search.get('errorGroup') ?? '') ? (search.get('errorGroup') as string) : undefined,
    cursor: text(search.get('cursor')),
  };
}

/** The console URL's query; flags in a fixed order so equal views have equal URLs. */
export function filtersToSearch(filters: SessionFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const { flag } of FLAGS) if (filters.flags.includes(flag)) search.append('flag', flag);
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (filters.url) search.set('url', filters.url);
  if (filters.minDurationMs) search.set('minDurationMs', String(filters.minDurationMs));
  if (filters.userId) search.set('userId', filters.userId);
  if (filters.browser) search.set('browser', filters.browser);
  if (filters.errorGroup) search.set('errorGroup', filters.errorGroup);
  if (filters.cursor) search.set('cursor', filters.cursor);
  return search;
}

/**
 * The API's query. Days become instants at the viewer's local midnight; `to` is inclusive, so it
 * becomes the midnight that ends that day.
 */
export function filtersToApiQuery(filters: SessionFilters, limit: number): URLSearchParams {
  // the user filter finds ids that start with what was typed ("newbie" finds "newbie-42")
  const query = filtersToSearch({ ...filters, from: undefined, to: undefined, userId: undefined });
  if (filters.userId) query.set('userIdPrefix', filters.userId);
  if (filters.from) query.set('from', localMidnight(filters.from, 0).toISOString());
  if (filters.to) query.set('to', localMidnight(filters.to, 1).toISOString());
  query.set('limit', String(limit));
  return query;
}

export function hasFilters(filters: SessionFilters): boolean {
  return (
    filters.flags.length > 0 ||
    !!(filters.from || filters.to || filters.url || filters.minDurationMs || filters.userId || filters.browser || filters.errorGroup)
  );
}

function localMidnight(day: string, plusDays: number): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + plusDays);
}

function day(value: string | null): string | undefined {
  return value && DAY.test(value) && !isNaN(Date.parse(value)) ? value : undefined;
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, 500) : undefined;
}
