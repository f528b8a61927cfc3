/**
 * A page of this site to go back to (`?next=/r/…`, `?from=/s/…`); anything
 * else (another site's address, `//host`, `/\host` that browsers read as
 * one) is ignored.
 */
export function pathWithinSite(next: string | null): string | null {
  return next !== null && /^\/(?![/\\])/.test(next) ? next : null;
}
