import { describe, expect, it } from 'vitest';
import { nextMenuIndex } from './menuKeys.js';

describe('nextMenuIndex', () => {
  it('moves with the arrows and wraps around at both ends', () => {
    expect(nextMenuIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextMenuIndex('ArrowDown', 2, 3)).toBe(0);
    expect(nextMenuIndex('ArrowUp', 0, 3)).toBe(2);
    expect(nextMenuIndex('ArrowUp', 2, 3)).toBe(1);
  });

  it('jumps to the first and last item with Home and End', () => {
    expect(nextMenuIndex('Home', 2, 3)).toBe(0);
    expect(nextMenuIndex('End', 0, 3)).toBe(2);
  });

  it('leaves other keys, and empty menus, alone', () => {
    expect(nextMenuIndex('a', 1, 3)).toBeNull();
    expect(nextMenuIndex('ArrowDown', 0, 0)).toBeNull();
  });
});
