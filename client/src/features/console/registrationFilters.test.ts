import { describe, expect, it } from 'vitest';
import { hasRegistrationFilters, NO_REGISTRATION_FILTERS, registrationQuery } from './registrationFilters.js';

describe('registrationQuery', () => {
  it('asks for the page alone when nothing narrows the list', () => {
    expect(registrationQuery(NO_REGISTRATION_FILTERS, 0)).toEqual({ offset: 0 });
    expect(registrationQuery({ q: '   ', country: '', region: '', language: '' }, 25)).toEqual({ offset: 25 });
  });

  it('passes each filter the server takes, trimmed, the country in capitals', () => {
    expect(registrationQuery({ q: '  ana ', country: 'ke', region: 'africa', language: 'sw' }, 50)).toEqual({
      offset: 50,
      q: 'ana',
      country: 'KE',
      region: 'africa',
      language: 'sw',
    });
  });

  it('leaves out what the server would refuse instead of failing the list', () => {
    const query = registrationQuery({ q: 'x'.repeat(200), country: 'Ken', region: 'atlantis', language: 'English' }, 0);
    expect(query).toEqual({ offset: 0, q: 'x'.repeat(120) });
  });
});

describe('hasRegistrationFilters', () => {
  it('is true once any filter holds a value', () => {
    expect(hasRegistrationFilters(NO_REGISTRATION_FILTERS)).toBe(false);
    expect(hasRegistrationFilters({ ...NO_REGISTRATION_FILTERS, q: ' ' })).toBe(false);
    expect(hasRegistrationFilters({ ...NO_REGISTRATION_FILTERS, region: 'europe' })).toBe(true);
  });
});
