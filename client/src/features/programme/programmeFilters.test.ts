import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../../shared/programme.js';
import { applyFilters, filterChoices, NO_FILTERS, readFilters, writeFilters } from './programmeFilters.js';

const session = (id: string, overrides: Partial<SessionSummary>): SessionSummary => ({
  id,
  eventId: 'e1',
  kind: 'webinar',
  title: id,
  description: '',
  startsAt: '2026-10-24T23:30:00.000Z',
  endsAt: '2026-10-25T01:00:00.000Z',
  timeZone: 'Europe/Belgrade',
  format: 'virtual',
  place: '',
  languages: ['en'],
  capacity: null,
  topic: null,
  visibility: 'public',
  status: 'published',
  recordingPolicy: 'off',
  requiresAccount: false,
  roomId: id,
  people: [],
  partners: [],
  ...overrides,
});

const late = session('late', { languages: ['es', 'en'], topic: { id: 't1', name: 'Local to global', description: '' } });
const morning = session('morning', { kind: 'local-event', format: 'hybrid', startsAt: '2026-10-25T09:00:00.000Z', endsAt: '2026-10-25T10:00:00.000Z' });

describe('programme filters', () => {
  it('reads filters from an address, dropping what is malformed', () => {
    const read = readFilters(new URLSearchParams('topic=t1&kind=party&format=hybrid&language=es&day=2026-10-25&extra=1'));
    expect(read).toEqual({ topic: 't1', kind: '', format: 'hybrid', language: 'es', day: '2026-10-25' });
    expect(readFilters(new URLSearchParams('day=tomorrow&language=<b>'))).toEqual(NO_FILTERS);
    expect(writeFilters(read).toString()).toBe('topic=t1&format=hybrid&language=es&day=2026-10-25');
  });

  it('narrows by topic, kind, format and language', () => {
    expect(applyFilters([late, morning], { ...NO_FILTERS, topic: 't1' }, 'UTC')).toEqual([late]);
    expect(applyFilters([late, morning], { ...NO_FILTERS, kind: 'local-event' }, 'UTC')).toEqual([morning]);
    expect(applyFilters([late, morning], { ...NO_FILTERS, format: 'virtual' }, 'UTC')).toEqual([late]);
    expect(applyFilters([late, morning], { ...NO_FILTERS, language: 'es' }, 'UTC')).toEqual([late]);
  });

  it('finds a day in the person’s zone: the late session is on the 24th in São Paulo and the 25th in Kathmandu', () => {
    const onThe24th = { ...NO_FILTERS, day: '2026-10-24' };
    expect(applyFilters([late, morning], onThe24th, 'America/Sao_Paulo')).toEqual([late]);
    expect(applyFilters([late, morning], onThe24th, 'Asia/Kathmandu')).toEqual([]);
    expect(filterChoices([late, morning], 'Asia/Kathmandu')).toEqual({ days: ['2026-10-25'], languages: ['en', 'es'] });
    expect(filterChoices([late, morning], 'America/Sao_Paulo').days).toEqual(['2026-10-24', '2026-10-25']);
  });
});
