import { describe, expect, it } from 'vitest';
import { initialsOf } from './initials.js';

describe('initialsOf', () => {
  it('takes the first letter of the first two words that have letters', () => {
    expect(initialsOf('Ana Lopez')).toBe('AL');
    expect(initialsOf('  maria   josé da silva ')).toBe('MJ');
  });

  it('skips punctuation, digits and emoji, inside and between words', () => {
    expect(initialsOf('(Ana) Lopez!')).toBe('AL');
    expect(initialsOf('🙂 Ana 2 Lopez')).toBe('AL');
    expect(initialsOf('“Zeynep” 42 -- Kaya')).toBe('ZK');
    expect(initialsOf('Ana')).toBe('A');
  });

  it('keeps letters of any script whole, with their combining marks', () => {
    expect(initialsOf('Ömer Çelik')).toBe('ÖÇ');
    expect(initialsOf('王小明')).toBe('王');
    expect(initialsOf('अनीता शर्मा')).toBe('अश');
    // A letter written as a base letter plus a combining accent stays one initial.
    expect(initialsOf('e\u0301lise Noor')).toBe('E\u0301N');
  });

  it('gives nothing for a name without letters (the avatar shows a neutral icon)', () => {
    expect(initialsOf('🙂🙂')).toBeNull();
    expect(initialsOf('1234 !!')).toBeNull();
    expect(initialsOf('   ')).toBeNull();
  });
});
