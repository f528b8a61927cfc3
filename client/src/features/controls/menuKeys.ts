/**
 * Where focus goes in a menu when a key is pressed (WAI-ARIA menu button
 * pattern): arrows move and wrap around, Home and End jump to the ends.
 * Null for any other key.
 */
export function nextMenuIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowUp':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
