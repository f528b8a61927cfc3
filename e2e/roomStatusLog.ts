import type { Page } from '@playwright/test';

// Only type imports here: the vitest integration tier uses this module too.

/**
 * Records every status the room's status indicator shows from now on, so a
 * brief state (such as `rejoining`) cannot be missed between two polls.
 */
export async function recordRoomStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const element = document.querySelector('[data-testid="room-status"]');
    if (!element) throw new Error('no room status indicator on the page');
    const seen: string[] = [];
    Reflect.set(window, '__seenRoomStatuses', seen);
    new MutationObserver(() => {
      const status = document.querySelector('[data-testid="room-status"]')?.getAttribute('data-status');
      if (status && seen.at(-1) !== status) seen.push(status);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  });
}

export async function seenRoomStatuses(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen: unknown = Reflect.get(window, '__seenRoomStatuses');
    return Array.isArray(seen) ? seen.filter((status): status is string => typeof status === 'string') : [];
  });
}
