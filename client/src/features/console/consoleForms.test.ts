import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import { pathWithinSite } from '../account/AccountPages.js';
import { eventFormSchema } from './EventForm.js';
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
    });
    expect(parsed.principles).toEqual(['Solidarity', 'Openness']);
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
});

describe('pathWithinSite', () => {
  it('follows a page of this site after signing in, and nothing else', () => {
    expect(pathWithinSite('/r/people-power')).toBe('/r/people-power');
    expect(pathWithinSite('//evil.example/r/x')).toBeNull();
    expect(pathWithinSite('/\\evil.example')).toBeNull();
    expect(pathWithinSite('https://evil.example')).toBeNull();
    expect(pathWithinSite(null)).toBeNull();
  });
});
