import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_KINDS, type EventProgramme, type EventSummary, type PersonPage, type SessionPage, type SessionSummary } from '../../shared/programme.js';
import { zonedTimes } from '../../shared/timeZones.js';
import { DEMO_EVENT, DEMO_TOPICS } from '../db/demoEdition.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/**
 * The public programme over HTTP, on the real server and database, with
 * the demo edition seeded as rows: published events and sessions only,
 * filters, a session's page and calendar file, a speaker's page; drafts and
 * other events' ids answer as unknown ones do.
 */
describe('the public programme (real server and database)', () => {
  let platform: TestPlatform;
  let programme: EventProgramme;
  let draftEventId: string;
  let draftSessionId: string;

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${platform.url}${path}`);
    return { status: response.status, body: (await response.json()) as T };
  };
  const titles = (sessions: readonly Pick<SessionSummary, 'title'>[]) => sessions.map((session) => session.title);

  beforeAll(async () => {
    platform = await startTestPlatform();
    programme = (await get<EventProgramme>(`/api/events/${DEMO_EVENT.slug}`)).body;
    const prisma = platform.db.prisma;
    // An organiser's work in progress: a draft session in the demo event, and a draft event with a published session.
    draftSessionId = (
      await prisma.session.create({
        data: {
          eventId: programme.event.id,
          kind: 'webinar',
          title: 'Not announced yet',
          startsAt: new Date(),
          endsAt: new Date(Date.now() + 3_600_000),
          timeZone: 'UTC',
          format: 'virtual',
          status: 'draft',
        },
      })
    ).id;
    await prisma.session.create({
      data: {
        eventId: programme.event.id,
        kind: 'webinar',
        title: 'New year’s evening',
        startsAt: new Date('2030-01-01T20:00:00Z'),
        endsAt: new Date('2030-01-01T21:00:00Z'),
        timeZone: 'Africa/Johannesburg',
        format: 'virtual',
        status: 'published',
      },
    });
    const draftEvent = await prisma.event.create({
      data: { slug: 'next-year', name: 'Next year', timeZone: 'Asia/Kathmandu', startsOn: '2027-04-01', endsOn: '2027-04-05' },
    });
    draftEventId = draftEvent.id;
    await prisma.session.create({
      data: {
        eventId: draftEvent.id,
        kind: 'webinar',
        title: 'In a draft event',
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 3_600_000),
        timeZone: 'UTC',
        format: 'virtual',
        status: 'published',
      },
    });
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  it('lists the published demo edition with its topics and a session of every kind, by start', async () => {
    const events = (await get<EventSummary[]>('/api/events')).body;
    expect(events.map((event) => event.slug)).toEqual([DEMO_EVENT.slug]);
    expect(programme.event).toMatchObject({ name: 'ICSW 2020-21', timeZone: 'Africa/Johannesburg', status: 'published' });
    expect(programme.event.principles).toHaveLength(6);
    expect(programme.topics.map((topic) => topic.name)).toEqual(DEMO_TOPICS.map((topic) => topic.name));
    expect(new Set(programme.sessions.map((session) => session.kind))).toEqual(new Set(SESSION_KINDS));
    const starts = programme.sessions.map((session) => session.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(titles(programme.sessions)).not.toContain('Not announced yet');
    // Every virtual or hybrid session has its live room; in-person ones none.
    for (const session of programme.sessions) expect(session.roomId === null, session.title).toBe(session.format === 'in-person');
    const opening = programme.sessions.find((session) => session.roomId === 'people-power')!;
    expect(opening.people.map((person) => [person.name, person.role])).toEqual([
      ['Nadia Rahman', 'moderator'],
      ['Amara Okafor', 'speaker'],
      ['Milan Petrović', 'speaker'],
    ]);
    expect(opening.partners.map((partner) => partner.name)).toEqual(['CIVICUS']);
  });

  it('sends the programme compressed to browsers that accept it', async () => {
    const response = await fetch(`${platform.url}/api/events/${DEMO_EVENT.slug}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(((await response.json()) as EventProgramme).sessions.length).toBeGreaterThan(0);
  });

  it('narrows the programme by topic, kind, format, language and day (in the viewer’s zone)', async () => {
    const base = `/api/events/${DEMO_EVENT.slug}`;
    const localToGlobal = programme.topics.find((topic) => topic.name === 'Local to global')!;
    const byTopic = (await get<EventProgramme>(`${base}?topic=${localToGlobal.id}`)).body.sessions;
    expect(byTopic.length).toBeGreaterThan(0);
    expect(byTopic.every((session) => session.topic?.id === localToGlobal.id)).toBe(true);
    expect(titles((await get<EventProgramme>(`${base}?kind=regional-event`)).body.sessions)).toEqual([
      'ICSW\\regional: Andean youth for climate justice',
    ]);
    const inPerson = (await get<EventProgramme>(`${base}?format=in-person`)).body.sessions;
    expect(inPerson.every((session) => session.format === 'in-person')).toBe(true);
    const inSpanish = (await get<EventProgramme>(`${base}?language=es`)).body.sessions;
    expect(inSpanish.length).toBeGreaterThan(1);
    expect(inSpanish.every((session) => session.languages.includes('es'))).toBe(true);

    // A day is a day in the viewer's zone (the event's by default): the opening is on the day it starts there.
    const opening = programme.sessions.find((session) => session.roomId === 'people-power')!;
    const onDay = async (query: string) => titles((await get<EventProgramme>(`${base}?${query}`)).body.sessions);
    for (const zone of [programme.event.timeZone, 'America/Sao_Paulo', 'Asia/Kathmandu']) {
      const day = zonedTimes(opening.startsAt, opening.endsAt, zone).day;
      const dayBefore = new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      expect(await onDay(`day=${day}&zone=${zone}`), zone).toContain(opening.title);
      expect(await onDay(`day=${dayBefore}&zone=${zone}`), zone).not.toContain(opening.title);
    }
    // 20:00 UTC on 1 January 2030 is 22:00 that day in Johannesburg and already 01:45 on the 2nd in Kathmandu.
    expect(await onDay('day=2030-01-01')).toContain('New year’s evening');
    expect(await onDay('day=2030-01-02')).not.toContain('New year’s evening');
    expect(await onDay('day=2030-01-02&zone=Asia/Kathmandu')).toEqual(['New year’s evening']);
    expect(await onDay('day=2030-01-01&zone=Asia/Kathmandu')).toEqual([]);

    for (const query of ['kind=party', 'topic=not-a-uuid', 'day=2026-13-40', 'zone=Mars/Olympus', 'sort=title', 'language=english!']) {
      const answer = await get<{ error: { code: string } }>(`${base}?${query}`);
      expect([answer.status, answer.body.error.code], query).toEqual([400, 'INVALID_PAYLOAD']);
    }
  });

  it('shows a session’s page, its room’s session, and its calendar file in the organiser’s zone', async () => {
    const ignite = programme.sessions.find((session) => session.kind === 'ignite-talks')!;
    const page = await get<SessionPage>(`/api/sessions/${ignite.id}`);
    expect(page.status).toBe(200);
    // The page has what the programme's card leaves out: the description, people's profiles.
    expect(page.body.session).toMatchObject({ ...ignite, people: ignite.people.map((person) => expect.objectContaining(person)) });
    expect(page.body.session.description).not.toBe('');
    expect(page.body.session.people[0]).toHaveProperty('biography');
    expect(ignite).not.toHaveProperty('description');
    expect(ignite.people[0]).not.toHaveProperty('biography');
    expect(page.body.event.slug).toBe(DEMO_EVENT.slug);
    expect(page.body.recordingId).toBeNull();
    expect((await get<{ session: SessionSummary }>('/api/rooms/ignite-talks/session')).body.session.id).toBe(ignite.id);

    const response = await fetch(`${platform.url}/api/sessions/${ignite.id}/calendar.ics`);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(`${ignite.id}.ics`);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(vevent.startDate.zone.tzid).toBe('Africa/Johannesburg');
    expect(vevent.startDate.toJSDate().toISOString()).toBe(ignite.startsAt);
    expect(vevent.endDate.toJSDate().toISOString()).toBe(ignite.endsAt);
    expect(vevent.summary).toBe(ignite.title);
    expect(vevent.location).toBe(`${platform.url}/s/${ignite.id}`);
  });

  it('shows a speaker’s page with their published sessions', async () => {
    const amara = programme.sessions.flatMap((session) => session.people).find((person) => person.name === 'Amara Okafor')!;
    const page = await get<PersonPage>(`/api/people/${amara.id}`);
    expect(page.body.person).toMatchObject({ name: 'Amara Okafor', pronouns: 'she/her', country: 'NG' });
    expect(page.body.sessions.length).toBeGreaterThan(1);
    expect(page.body.sessions.every((session) => session.people.some((person) => person.id === amara.id))).toBe(true);
  });

  it('answers drafts, other events’ drafts and malformed ids as unknown ones', async () => {
    const unknown = [
      `/api/sessions/${draftSessionId}`,
      `/api/sessions/${draftSessionId}/calendar.ics`,
      '/api/events/next-year',
      `/api/events/${draftEventId}`,
      '/api/sessions/00000000-0000-4000-8000-000000000000',
      '/api/sessions/..%2F..%2Fetc',
      '/api/people/not-an-id',
      '/api/rooms/nowhere/session',
    ];
    const drafted = await platform.db.prisma.session.findFirstOrThrow({ where: { title: 'In a draft event' } });
    unknown.push(`/api/sessions/${drafted.id}`);
    for (const path of unknown) {
      const answer = await get<{ error: { code: string } }>(path);
      expect([answer.status, answer.body.error?.code], path).toEqual([404, 'NOT_FOUND']);
    }
  });

  it('lists no room of a draft or unlisted session, nor of a draft event’s, in the room list', async () => {
    const prisma = platform.db.prisma;
    const hidden = async (id: string, session: { status?: string; visibility?: string; eventId?: string }) => {
      await prisma.room.create({ data: { id, title: id, description: '' } });
      await prisma.session.create({
        data: {
          eventId: session.eventId ?? programme.event.id,
          kind: 'webinar',
          title: id,
          startsAt: new Date(),
          endsAt: new Date(Date.now() + 3_600_000),
          timeZone: 'UTC',
          format: 'virtual',
          status: session.status ?? 'published',
          visibility: session.visibility ?? 'public',
          roomId: id,
        },
      });
    };
    await hidden('drafted-room', { status: 'draft' });
    await hidden('unlisted-room', { visibility: 'unlisted' });
    await hidden('draft-event-room', { eventId: draftEventId });
    const listed = (await get<{ id: string }[]>('/api/rooms')).body.map((room) => room.id);
    expect(listed).toContain('people-power');
    for (const id of ['drafted-room', 'unlisted-room', 'draft-event-room']) expect(listed, id).not.toContain(id);
    // The unlisted session is still reached by its own link.
    const unlisted = await prisma.session.findUniqueOrThrow({ where: { roomId: 'unlisted-room' } });
    expect((await get(`/api/sessions/${unlisted.id}`)).status).toBe(200);
  });
});
