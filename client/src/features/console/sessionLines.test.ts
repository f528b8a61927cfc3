import { describe, expect, it } from 'vitest';
import { isSessionFull } from './sessionLines.js';

describe('isSessionFull', () => {
  it('counts offers as taken places', () => {
    expect(isSessionFull({ capacity: 10, registered: 9, offered: 0 })).toBe(false);
    expect(isSessionFull({ capacity: 10, registered: 9, offered: 1 })).toBe(true);
    expect(isSessionFull({ capacity: 10, registered: 10, offered: 0 })).toBe(true);
  });

  it('is full past capacity too (capacity lowered after people took places)', () => {
    expect(isSessionFull({ capacity: 5, registered: 8, offered: 0 })).toBe(true);
  });

  it('is never full without a limit', () => {
    expect(isSessionFull({ capacity: null, registered: 5000, offered: 3 })).toBe(false);
  });

  it('is full at once with a capacity of zero', () => {
    expect(isSessionFull({ capacity: 0, registered: 0, offered: 0 })).toBe(true);
  });
});
