/**
 * The programme's filters live in the page's address (`/?topic=…&day=…`),
 * so a filtered programme can be shared and Back works. Filtering happens
 * here, on the programme already loaded: instant on a slow connection.
 */
import { SESSION_FORMATS, SESSION_KINDS, type ProgrammeSession } from '../../../../shared/programme.js';
import { zonedTimes } from '../../../../shared/timeZones.js';

export const FILTER_NAMES = ['topic', 'kind', 'format', 'language', 'day'] as const;
export type ProgrammeFilters = Record<(typeof FILTER_NAMES)[number], string>;
export const NO_FILTERS: ProgrammeFilters = { topic: '', kind: '', format: '', language: '', day: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

/** The filters an address carries; anything malformed is dropped. */
export function readFilters(params: URLSearchParams): ProgrammeFilters {
  const value = (name: keyof ProgrammeFilters) => (params.get(name) ?? '').trim();
  const kind = value('kind');
  const format = value('format');
  return {
    topic: value('topic').slice(0, 64),
    kind: (SESSION_KINDS as readonly string[]).includes(kind) ? kind : '',
    format: (SESSION_FORMATS as readonly string[]).includes(format) ? format : '',
    language: LANGUAGE.test(value('language')) ? value('language') : '',
    day: DAY.test(value('day')) ? value('day') : '',
  };
}

/** The address's query for these filters, without the empty ones. */
export function writeFilters(filters: ProgrammeFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (filters[name]) params.set(name, filters[name]);
  return params;
}

export const hasFilters = (filters: ProgrammeFilters): boolean => FILTER_NAMES.some((name) => filters[name] !== '');

/** The sessions that pass every filter; `day` is a day in `zone`, the person's. */
export function applyFilters(sessions: readonly ProgrammeSession[], filters: ProgrammeFilters, zone: string): ProgrammeSession[] {
  return sessions.filter(
    (session) =>
      (!filters.topic || session.topic?.id === filters.topic) &&
      (!filters.kind || session.kind === filters.kind) &&
      (!filters.format || session.format === filters.format) &&
      (!filters.language || session.languages.includes(filters.language)) &&
      (!filters.day || zonedTimes(session.startsAt, session.endsAt, zone).day === filters.day),
  );
}

/** What the filters can choose from: the days (in `zone`) and languages the programme has, in order. */
export function filterChoices(sessions: readonly ProgrammeSession[], zone: string): { days: string[]; languages: string[] } {
  const days = new Set<string>();
  const languages = new Set<string>();
  for (const session of sessions) {
    days.add(zonedTimes(session.startsAt, session.endsAt, zone).day);
    for (const language of session.languages) languages.add(language);
  }
  return { days: [...days].sort(), languages: [...languages].sort() };
}
