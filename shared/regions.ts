/**
 * Regions people may say they are in: codes, the same whatever the page's
 * language (labels are the client's text). Buzz groups can be formed by
 * them. Free of zod, so the room's pre-join screen can import them.
 */
export const REGIONS = ['africa', 'asia-pacific', 'europe', 'latin-america', 'mena', 'north-america'] as const;
export type Region = (typeof REGIONS)[number];
