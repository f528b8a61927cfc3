// Only type imports here (none needed): the vitest integration tier uses this module too.

/**
 * A page a test can run scripts in: Playwright's (Chromium) or puppeteer's
 * (Firefox, e2e/firefox/firefox.ts).
 */
export interface ScriptablePage {
  evaluate<R>(pageFunction: () => R | Promise<R>): Promise<R>;
}

/**
 * Records every status the room's status indicator shows from now on, and
 * every state of the media connection it shows (`data-media`), so a brief
 * state (such as `rejoining`) cannot be missed between two polls.
 */
export async function recordRoomStatuses(page: ScriptablePage): Promise<void> {
  await page.evaluate(() => {
    const element = document.querySelector('[data-testid="room-status"]');
    if (!element) throw new Error('no room status indicator on the page');
    const seen: string[] = [];
    const seenMedia: string[] = [];
    Reflect.set(window, '__seenRoomStatuses', seen);
    Reflect.set(window, '__seenMediaLinks', seenMedia);
    const note = (list: string[], value: string | null | undefined) => {
      if (value && list.at(-1) !== value) list.push(value);
    };
    new MutationObserver(() => {
      const indicator = document.querySelector('[data-testid="room-status"]');
      note(seen, indicator?.getAttribute('data-status'));
      note(seenMedia, indicator?.getAttribute('data-media'));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-media'] });
  });
}

export async function seenRoomStatuses(page: ScriptablePage): Promise<string[]> {
  return page.evaluate(() => {
    const seen: unknown = Reflect.get(window, '__seenRoomStatuses');
    return Array.isArray(seen) ? seen.filter((status): status is string => typeof status === 'string') : [];
  });
}

/** The media connection's states seen since {@link recordRoomStatuses} (`ok`, `failed`, `retrying`). */
export async function seenMediaLinks(page: ScriptablePage): Promise<string[]> {
  return page.evaluate(() => {
    const seen: unknown = Reflect.get(window, '__seenMediaLinks');
    return Array.isArray(seen) ? seen.filter((state): state is string => typeof state === 'string') : [];
  });
}
