import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import { applicationQuery, hasApplicationFilters, NO_APPLICATION_FILTERS } from './applicationFilters.js';

const CALL_ID = '6f1c1f55-3f4f-4a43-9d36-6a3f7f0b2a11';

describe('applicationQuery', () => {
  it('asks for the page alone when nothing narrows the list', () => {
    expect(applicationQuery(NO_APPLICATION_FILTERS, 0)).toEqual({ offset: 0 });
    expect(applicationQuery({ callId: '', state: '', q: '  ' }, 25)).toEqual({ offset: 25 });
  });

  it('passes the call, the state and the search, trimmed', () => {
    expect(applicationQuery({ callId: CALL_ID, state: 'submitted', q: ' ana ' }, 50)).toEqual({ offset: 50, callId: CALL_ID, state: 'submitted', q: 'ana' });
  });

  it('leaves out what the server would refuse instead of failing the list', () => {
    expect(applicationQuery({ callId: 'not-a-call', state: 'lost', q: 'x'.repeat(200) }, 0)).toEqual({ offset: 0, q: 'x'.repeat(120) });
  });
});

describe('hasApplicationFilters', () => {
  it('is true once any filter holds a value', () => {
    expect(hasApplicationFilters(NO_APPLICATION_FILTERS)).toBe(false);
    expect(hasApplicationFilters({ ...NO_APPLICATION_FILTERS, q: ' ' })).toBe(false);
    expect(hasApplicationFilters({ ...NO_APPLICATION_FILTERS, state: 'accepted' })).toBe(true);
  });
});
