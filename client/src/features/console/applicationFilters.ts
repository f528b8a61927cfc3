import { z } from 'zod';
import { APPLICATION_STATES, type ApplicationQuery } from '../../../../shared/calls.js';

/** The applications' filters as the form holds them: strings, '' for "any". */
export interface ApplicationFilters {
  callId: string;
  state: string;
  /** Part of a name, an address or the proposal. */
  q: string;
}

export const NO_APPLICATION_FILTERS: ApplicationFilters = { callId: '', state: '', q: '' };

/** The server refuses a longer search (shared/calls.ts): cut, rather than answer a long paste with an error. */
const MAX_SEARCH = 120;
const callIdSchema = z.uuid();

export const hasApplicationFilters = (filters: ApplicationFilters): boolean => Object.values(filters).some((value) => value.trim() !== '');

/** What the server is asked for: a filter left empty, or one its schema would refuse, is left out. */
export function applicationQuery(filters: ApplicationFilters, offset: number): Partial<ApplicationQuery> {
  const query: Partial<ApplicationQuery> = { offset };
  const q = filters.q.trim().slice(0, MAX_SEARCH).trim();
  const state = APPLICATION_STATES.find((known) => known === filters.state);
  if (callIdSchema.safeParse(filters.callId).success) query.callId = filters.callId;
  if (state) query.state = state;
  if (q) query.q = q;
  return query;
}
