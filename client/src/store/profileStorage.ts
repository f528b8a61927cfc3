import { PROFILE_ATTRIBUTES, type Profile } from '../../../shared/buzz.js';

/**
 * Remembers what the person told us about themselves (language, region)
 * between visits, like the display name; a missing or broken localStorage
 * means asking again, never failing.
 */
const KEY = 'convene.profile';

export function loadProfile(): Profile {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const profile: Profile = {};
    for (const attribute of PROFILE_ATTRIBUTES) {
      const value = (parsed as Record<string, unknown>)[attribute];
      if (typeof value === 'string' && value) profile[attribute] = value;
    }
    return profile;
  } catch {
    return {};
  }
}

export function saveProfile(profile: Profile): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(profile));
  } catch {
    // Not remembered this time; nothing else depends on it.
  }
}
