import { describe, expect, it } from 'vitest';
import { instantText } from './instantText.js';

describe('instantText', () => {
  it('says the instant on the reader’s clock, with the date and the zone', () => {
    expect(instantText('2021-03-03T13:05:00Z', 'Africa/Nairobi', 'en')).toBe('Mar 3, 2021, 16:05 GMT+3');
    // Already the next day in Auckland.
    expect(instantText('2021-03-03T13:05:00Z', 'Pacific/Auckland', 'en')).toBe('Mar 4, 2021, 02:05 GMT+13');
  });
});
