// Web Storage can throw (disabled cookies, private mode, quota): the recorder then works without it.

type Area = 'localStorage' | 'sessionStorage';

export function readItem(area: Area, key: string): string | null {
  try {
    return window[area].getItem(key);
  } catch {
    return null;
  }
}

export function writeItem(area: Area, key: string, value: string | null): void {
  try {
    if (value === null) window[area].removeItem(key);
    else window[area].setItem(key, value);
  } catch {
    // Storage full or unavailable: the value lives only as long as the page.
  }
}
