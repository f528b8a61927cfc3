import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { personInputSchema } from '../../../../shared/console.js';
import { displayNameSchema } from '../../../../shared/http.js';
import { i18n } from '../../i18n/i18n.js';
import { fieldErrors } from '../shared/useSchemaForm.js';
import { eventFields, eventFormSchema } from './EventForm.js';
import { sessionFormSchema } from './SessionEditor.js';

const sessionForm = {
  kind: 'webinar',
  title: 'Defending civic space',
  description: '',
  startsAt: '2027-03-28T01:30',
  endsAt: '2027-03-28T03:30',
  timeZone: 'Europe/Belgrade',
  format: 'virtual',
  place: '',
  languages: 'en, sr ,',
  capacity: '',
  topicId: '',
  visibility: 'public',
  recordingPolicy: 'on-request',
  requiresAccount: 'true',
};

describe('console forms read as the server reads them', () => {
  it('turns an event’s lines of principles into a list', () => {
    const parsed = eventFormSchema.parse({
      name: 'Belgrade Civic Days',
      slug: 'belgrade-civic-days',
      theme: '',
      description: '',
      host: '',
      principles: 'Solidarity\n\n  Openness  \n',
      timeZone: 'Europe/Belgrade',
      startsOn: '2027-03-27',
      endsOn: '2027-03-29',
      offerHours: '48',
    });
    expect(parsed.principles).toEqual(['Solidarity', 'Openness']);
    expect(parsed.offerHours).toBe(48);
  });

  it('says how long an offer may hold, with its bounds', () => {
    const t = i18n.t.bind(i18n);
    const event = { ...eventFields(), name: 'Belgrade Civic Days', slug: 'belgrade-civic-days', startsOn: '2027-03-27', endsOn: '2027-03-29' };
    expect(eventFormSchema.parse(event).offerHours).toBe(24);
    const errorOf = (offerHours: string) => fieldErrors(eventFormSchema.safeParse({ ...event, offerHours }).error!.issues, t).offerHours;
    expect(errorOf('0')).toBe('At least 1.');
    expect(errorOf('')).toBe('At least 1.');
    expect(errorOf('169')).toBe('At most 168.');
    expect(errorOf('1.5')).toBe('Check this value.');
  });

  it('reads a session’s languages, capacity, topic and yes-or-no from the form’s strings', () => {
    expect(sessionFormSchema.parse(sessionForm)).toMatchObject({ languages: ['en', 'sr'], capacity: null, topicId: null, requiresAccount: true });
    expect(sessionFormSchema.parse({ ...sessionForm, capacity: '250' })).toMatchObject({ capacity: 250 });
  });

  it('says at the field when a time does not exist in the session’s zone, or the end comes first', () => {
    const skipped = sessionFormSchema.safeParse({ ...sessionForm, startsAt: '2027-03-28T02:30' });
    expect(skipped.success).toBe(false);
    expect(skipped.error?.issues.map((issue) => issue.path[0])).toContain('startsAt');
    const backwards = sessionFormSchema.safeParse({ ...sessionForm, endsAt: '2027-03-28T01:00' });
    expect(backwards.error?.issues.map((issue) => issue.path[0])).toEqual(['endsAt']);
  });

  it('says each problem through the text library, with its bounds, never as the schema’s key', () => {
    const t = i18n.t.bind(i18n);
    const parsed = sessionFormSchema.safeParse({ ...sessionForm, title: 'x'.repeat(201), capacity: 'many' });
    expect(fieldErrors(parsed.error!.issues, t)).toEqual({
      title: 'At most 200 characters.',
      // Zod's own English ("expected number, received NaN") is not shown.
      capacity: 'Check this value.',
    });
    const skipped = sessionFormSchema.safeParse({ ...sessionForm, startsAt: '2027-03-28T02:30' });
    expect(fieldErrors(skipped.error!.issues, t)).toEqual({ startsAt: 'This time does not exist in that time zone: the clocks go forward then.' });
    const person = personInputSchema.safeParse({ name: ' ', country: 'Kenya' });
    expect(fieldErrors(person.error!.issues, t)).toEqual({ name: 'Required.', country: 'A two-letter country code such as KE, or nothing.' });
  });

  it('tells a display name over any bound the name’s own limit', () => {
    const t = i18n.t.bind(i18n);
    for (const name of ['x'.repeat(61), 'x'.repeat(201)]) {
      const parsed = z.object({ displayName: displayNameSchema }).safeParse({ displayName: name });
      expect(fieldErrors(parsed.error!.issues, t)).toEqual({ displayName: 'At most 60 characters.' });
    }
  });
});
