import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n.js';
import { placesText } from './placesText.js';

const t = i18n.t.bind(i18n);

describe('placesText', () => {
  it('says the places left, or how many wait once full, with the library’s plurals', () => {
    expect(placesText({ capacity: 30, placesLeft: 12, waiting: 0 }, t)).toBe('12 places left');
    expect(placesText({ capacity: 30, placesLeft: 1, waiting: 0 }, t)).toBe('1 place left');
    expect(placesText({ capacity: 30, placesLeft: 0, waiting: 3 }, t)).toBe('Full: 3 waiting');
    expect(placesText({ capacity: 30, placesLeft: 0, waiting: 0 }, t)).toBe('Full');
  });

  it('says nothing of a session without a limit', () => {
    expect(placesText({ capacity: null, placesLeft: null, waiting: 0 }, t)).toBeNull();
  });
});
