import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import type { Role } from '../../shared/events.js';
import { assertNameFree, findNameClash, namesLookAlike, type PresentPerson } from './nameClash.js';

const person = (userId: string, displayName: string, role: Role): PresentPerson => ({ identity: { userId, displayName }, role });

describe('names that look alike', () => {
  it('matches regardless of case', () => {
    expect(namesLookAlike('Grace Mensah', 'grace MENSAH')).toBe(true);
    expect(namesLookAlike('Straße', 'STRASSE')).toBe(true);
  });

  it('matches Cyrillic and Greek look-alikes of Latin letters', () => {
    // Cyrillic А, о, а; Greek Ο.
    expect(namesLookAlike('\u0410ma', 'Ama')).toBe(true);
    expect(namesLookAlike('M\u043En\u0430', 'Mona')).toBe(true);
    expect(namesLookAlike('\u039Fscar', 'Oscar')).toBe(true);
  });

  it('matches digits, compatibility forms and letter pairs that imitate letters', () => {
    expect(namesLookAlike('M0NA', 'Mona')).toBe(true);
    expect(namesLookAlike('Ian', 'lan')).toBe(true);
    expect(namesLookAlike('ｇｒａｃｅ', 'Grace')).toBe(true);
    expect(namesLookAlike('rnoses', 'Moses')).toBe(true);
  });

  it('tells different names apart', () => {
    expect(namesLookAlike('Ama', 'Amara')).toBe(false);
    expect(namesLookAlike('Bo', 'Bob')).toBe(false);
    expect(namesLookAlike('Ana', 'Ama')).toBe(false);
  });
});

describe('a joiner whose name imitates a moderator or speaker', () => {
  const present = [person('u-mod', 'Grace', 'moderator'), person('u-spk', 'Kofi Annan', 'speaker'), person('u-aud', 'Bo', 'participant')];

  it('is refused NAME_TAKEN for a moderator or speaker present', () => {
    expect(findNameClash({ userId: 'u-new', displayName: 'GRACE' }, 'participant', present)?.identity.userId).toBe('u-mod');
    expect(findNameClash({ userId: 'u-new', displayName: 'K\u043Efi Annan' }, 'participant', present)?.identity.userId).toBe('u-spk');
    // A speaker may not imitate the moderator either.
    expect(findNameClash({ userId: 'u-new', displayName: 'grace' }, 'speaker', present)?.identity.userId).toBe('u-mod');
    let refusal: unknown;
    try {
      assertNameFree({ userId: 'u-new', displayName: 'Gr\u0430ce' }, 'participant', present);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('NAME_TAKEN');
    expect((refusal as AppError).message).toContain('moderator');
  });

  it('may share a name with a participant, and moderators are never refused', () => {
    expect(findNameClash({ userId: 'u-new', displayName: 'bo' }, 'participant', present)).toBeNull();
    expect(findNameClash({ userId: 'u-new', displayName: 'Grace' }, 'moderator', present)).toBeNull();
  });

  it('lets someone already in the room back in under their name', () => {
    const withLateModerator = [person('u-ama', 'Ama', 'participant'), person('u-mod2', 'Ama', 'moderator')];
    expect(findNameClash({ userId: 'u-ama', displayName: 'Ama' }, 'participant', withLateModerator)).toBeNull();
    expect(() => assertNameFree({ userId: 'u-other', displayName: 'Ama' }, 'participant', withLateModerator)).toThrow(AppError);
  });
});
