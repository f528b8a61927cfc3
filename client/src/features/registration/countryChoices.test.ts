import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryChoices } from './countryChoices.js';

describe('countryChoices', () => {
  it('offers every ISO country once, by a code the registration takes', () => {
    expect(COUNTRY_CODES).toHaveLength(250);
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('lists them by name in the page’s language and order', () => {
    const english = countryChoices('en');
    expect(english.find((choice) => choice.value === 'KE')?.label).toBe('Kenya');
    const labels = english.map((choice) => choice.label);
    expect(labels.indexOf('Brazil')).toBeLessThan(labels.indexOf('Kenya'));
    expect(countryChoices('fr').find((choice) => choice.value === 'DE')?.label).toBe('Allemagne');
  });

  it('keeps a chosen code the list lacks, so saving again keeps it', () => {
    expect(countryChoices('en', 'QZ').some((choice) => choice.value === 'QZ')).toBe(true);
    expect(countryChoices('en', 'KE').filter((choice) => choice.value === 'KE')).toHaveLength(1);
  });
});
