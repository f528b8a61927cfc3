import { DateTime } from 'luxon';
import { hasLiveRoom } from '../../shared/programme.js';
import { DEMO_EVENT, DEMO_PARTNERS, DEMO_PEOPLE, DEMO_SESSIONS, DEMO_TOPICS } from './demoEdition.js';
import type { PrismaClient } from './generated/client.js';
import type { RoomSummary } from './roomRepository.js';

/** A demo session's live room, with the topic and language the catch-up library files it under. */
export interface DemoRoom extends RoomSummary {
  track: string;
  language: string;
}

/** The demo sessions' live rooms (ids unchanged from the demo rooms of earlier versions). */
export const DEMO_ROOMS: readonly DemoRoom[] = DEMO_SESSIONS.flatMap((session) =>
  session.roomId
    ? [{ id: session.roomId, title: session.title, description: session.description, track: session.topic, language: session.languages[0]! }]
    : [],
);

/**
 * Seeds the demo edition (demoEdition.ts) once: the event, its topics,
 * partners, people and sessions, and the sessions' live rooms. Once the
 * event exists nothing is written again, so organisers may edit or delete
 * any of it. An install from before events existed keeps its demo rooms
 * (their visits, recordings) and gets them linked to the sessions.
 *
 * @returns the ids of the demo rooms that exist.
 */
export async function seedDemoEdition(prisma: PrismaClient, { now = new Date() }: { now?: Date } = {}): Promise<string[]> {
  // One transaction: a half-seeded edition is never visible (and two processes starting at once seed it once).
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('convene-demo-edition'))`;
    if (await tx.event.findUnique({ where: { slug: DEMO_EVENT.slug }, select: { id: true } })) return;
    const zone = DEMO_EVENT.timeZone;
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    const days = DEMO_SESSIONS.map((session) => session.day);
    const event = await tx.event.create({
      data: {
        ...DEMO_EVENT,
        principles: [...DEMO_EVENT.principles],
        startsOn: today.plus({ days: Math.min(...days) }).toISODate()!,
        endsOn: today.plus({ days: Math.max(...days) }).toISODate()!,
        status: 'published',
      },
      select: { id: true },
    });
    const topics = new Map<string, string>();
    for (const [position, topic] of DEMO_TOPICS.entries()) {
      const row = await tx.topic.create({ data: { ...topic, position, eventId: event.id }, select: { id: true } });
      topics.set(topic.name, row.id);
    }
    const partners = new Map<string, string>();
    for (const { key, ...partner } of DEMO_PARTNERS) {
      partners.set(key, (await tx.partner.create({ data: { ...partner, eventId: event.id }, select: { id: true } })).id);
    }
    const people = new Map<string, string>();
    for (const { key, ...person } of DEMO_PEOPLE) {
      people.set(key, (await tx.person.create({ data: { ...person, eventId: event.id }, select: { id: true } })).id);
    }
    // The rooms first, in one statement: they share a creation time, and the room list orders them by id.
    await tx.room.createMany({
      data: DEMO_ROOMS.map(({ id, title, description, track, language }) => ({ id, title, description, track, language })),
      skipDuplicates: true,
    });
    for (const session of DEMO_SESSIONS) {
      const startsAt =
        session.at === 'seeding'
          ? DateTime.fromJSDate(now, { zone }).startOf('hour').plus({ days: session.day })
          : today.plus({ days: session.day }).set(timeOf(session.at));
      await tx.session.create({
        data: {
          eventId: event.id,
          topicId: topics.get(session.topic)!,
          kind: session.kind,
          title: session.title,
          description: session.description,
          startsAt: startsAt.toJSDate(),
          endsAt: startsAt.plus({ minutes: session.minutes }).toJSDate(),
          timeZone: zone,
          format: session.format,
          place: session.place ?? '',
          languages: session.languages,
          visibility: 'public',
          status: 'published',
          recordingPolicy: session.recordingPolicy,
          roomId: hasLiveRoom(session.format) ? session.roomId : null,
          partners: { create: session.partners.map((key) => ({ partnerId: partners.get(key)! })) },
          people: { create: session.people.map(({ key, role }, position) => ({ personId: people.get(key)!, role, position })) },
        },
      });
    }
  });
  const rooms = await prisma.room.findMany({ where: { id: { in: DEMO_ROOMS.map((room) => room.id) } }, select: { id: true } });
  const present = new Set(rooms.map((room) => room.id));
  return DEMO_ROOMS.map((room) => room.id).filter((id) => present.has(id));
}

function timeOf(at: string): { hour: number; minute: number } {
  const [hour, minute] = at.split(':').map(Number) as [number, number];
  return { hour, minute };
}
