import { describe, expect, it } from 'vitest';
import { parseRoomId } from './parseRoomId.js';

describe('parseRoomId', () => {
  it('accepts room slugs', () => {
    expect(parseRoomId('people-power')).toBe('people-power');
    expect(parseRoomId('icsw2021')).toBe('icsw2021');
  });

  it('rejects what cannot be a room id', () => {
    expect(parseRoomId(undefined)).toBeNull();
    expect(parseRoomId('')).toBeNull();
    expect(parseRoomId('-leading-dash')).toBeNull();
    expect(parseRoomId('Upper')).toBeNull();
    expect(parseRoomId('a'.repeat(65))).toBeNull();
  });
});
