import { describe, expect, it } from 'vitest';
import { cleanDisplayName, displayNameProblem } from './displayName.js';

describe('display names as everyone sees them', () => {
  it('strips bidirectional overrides, isolates and marks', () => {
    // "Ama" followed by an override that would show "evil.exe" as "exe.live".
    expect(cleanDisplayName('Ama\u202Eexe.live')).toBe('Amaexe.live');
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(cleanDisplayName(`Mo${control}na`)).toBe('Mona');
    }
  });

  it('strips zero-width and other invisible characters', () => {
    for (const invisible of ['\u200B', '\u200C', '\u200D', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\uFEFF', '\u180E', '\u00AD', '\u034F', '\u3164', '\u{E0041}', '\u0000', '\u001B']) {
      expect(cleanDisplayName(`Gr${invisible}ace`), `U+${invisible.codePointAt(0)!.toString(16)}`).toBe('Grace');
    }
  });

  it('strips variation selectors standing alone, keeps them on a character they vary', () => {
    expect(cleanDisplayName('\uFE0FBo')).toBe('Bo');
    expect(cleanDisplayName('Bo \uFE0F\uFE0E')).toBe('Bo');
    // A Han character with an ideographic variation selector.
    expect(cleanDisplayName('葛\u{E0100}')).toBe('葛\u{E0100}');
  });

  it('keeps emoji sequences whole: ZWJ families and professions, skin tones, keycaps, subdivision flags', () => {
    for (const emoji of ['👩‍👩‍👧', '👩🏽‍⚕️', '🏳️‍🌈', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️']) {
      expect(cleanDisplayName(`Ama ${emoji}`)).toBe(`Ama ${emoji}`);
    }
    // Tag characters hidden after a flag are not a region code: stripped.
    expect(cleanDisplayName('🏴\u{E0061}\u{E0064}\u{E006D}\u{E0069}\u{E006E}\u{E0020}\u{E006F}\u{E006E}\u{E007F}')).toBe('🏴');
    // A joiner between an emoji and a letter joins nothing: stripped.
    expect(cleanDisplayName('👩\u200DAma')).toBe('👩Ama');
  });

  it('keeps joiners where a script spells with them (Sinhala conjunct, Persian non-joiner)', () => {
    expect(cleanDisplayName('ශ්\u200Dරී')).toBe('ශ්\u200Dරී');
    expect(cleanDisplayName('علی\u200Cرضا')).toBe('علی\u200Cرضا');
    // Between Latin letters they only hide.
    expect(cleanDisplayName('A\u200Cma')).toBe('Ama');
  });

  it('collapses whitespace of every kind and trims', () => {
    expect(cleanDisplayName('  Ama \t\n Owusu\u00A0\u3000\u2800 ')).toBe('Ama Owusu');
    expect(cleanDisplayName('Ama\u2028Owusu')).toBe('Ama Owusu');
  });

  it('composes to NFC, so the same name is stored the same way', () => {
    expect(cleanDisplayName('Jose\u0301')).toBe('José');
  });

  it('says when nothing visible is left, or the name is too long', () => {
    expect(displayNameProblem('\u200B\u202E \u2066\uFE0F')).toBe('empty');
    expect(displayNameProblem('   ')).toBe('empty');
    expect(displayNameProblem('x'.repeat(61))).toBe('too-long');
    expect(displayNameProblem(`${'x'.repeat(60)}${'\u200B'.repeat(30)}`)).toBeNull();
    expect(displayNameProblem('Ama')).toBeNull();
  });
});
