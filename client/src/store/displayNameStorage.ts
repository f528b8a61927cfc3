/**
 * Remembers the display name between visits. localStorage can be missing
 * (tests, some embedded browsers) or throw (private modes, full quota):
 * forgetting the name is better than failing to render.
 */
const KEY = 'convene.displayName';

export function loadDisplayName(): string {
  try {
    return globalThis.localStorage?.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveDisplayName(displayName: string): void {
  try {
    globalThis.localStorage?.setItem(KEY, displayName);
  } catch {
    // Not remembered this time; nothing else depends on it.
  }
}
