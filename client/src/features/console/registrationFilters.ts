import { REGIONS } from '../../../../shared/regions.js';
import type { RegistrationQuery } from '../../../../shared/registration.js';

/** The list of registrations' filters as the form holds them: strings, '' for "any". */
export interface RegistrationFilters {
  /** Part of a name or an email address. */
  q: string;
  country: string;
  region: string;
  language: string;
}

export const NO_REGISTRATION_FILTERS: RegistrationFilters = { q: '', country: '', region: '', language: '' };

/** The server refuses a longer search (shared/registration.ts): cut, rather than answer a typo with an error. */
const MAX_SEARCH = 120;
const COUNTRY = /^[A-Z]{2}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const hasRegistrationFilters = (filters: RegistrationFilters): boolean => Object.values(filters).some((value) => value.trim() !== '');

/**
 * What the server is asked for: a filter left empty (or one the server's
 * schema would refuse) is left out, so a half-typed value never turns the
 * list into an error.
 */
export function registrationQuery(filters: RegistrationFilters, offset: number): Partial<RegistrationQuery> {
  const query: Partial<RegistrationQuery> = { offset };
  const q = filters.q.trim().slice(0, MAX_SEARCH).trim();
  const country = filters.country.trim().toUpperCase();
  const region = REGIONS.find((known) => known === filters.region);
  if (q) query.q = q;
  if (COUNTRY.test(country)) query.country = country;
  if (region) query.region = region;
  if (LANGUAGE.test(filters.language)) query.language = filters.language;
  return query;
}
