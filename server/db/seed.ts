import type { PrismaClient } from './generated/client.js';
import type { RoomSummary } from './roomRepository.js';

/**
 * Demo rooms drawn from International Civil Society Week (CIVICUS): the
 * 2020-21 edition's year-long conversation about people power, and the
 * formats of ICSW 2019 (ignite talks, buzz groups, virtual webinars).
 */
/** A demo room, with the programme track and language the catch-up library files it under. */
export interface DemoRoom extends RoomSummary {
  track: string;
  language: string;
}

export const DEMO_ROOMS: readonly DemoRoom[] = [
  {
    id: 'people-power',
    track: 'People power',
    language: 'en',
    title: 'People power: new sources and forces',
    description:
      'Opening plenary of the ICSW 2020-21 conversation: how people acting together drive ' +
      'social and political change, why that power is under attack, and how activists, ' +
      'movements, donors and supporters can sustain it for the long haul.',
  },
  {
    id: 'ignite-talks',
    track: 'Ignite talks',
    language: 'en',
    title: 'ICSW\\ignite: five-minute talks',
    description:
      'Short, fast talks from civil society speakers on putting people at the centre of ' +
      'social change, followed by questions from the floor.',
  },
  {
    id: 'buzz-groups',
    track: 'Local to global',
    language: 'en',
    title: 'ICSW\\buzz groups: local to global',
    description:
      'Small moderated groups on connecting the local to the global to strengthen ' +
      "people's solidarity; each group reports back to the room at the end.",
  },
  {
    id: 'icsw-virtual',
    track: 'Growing movements',
    language: 'en',
    title: 'ICSW\\virtual: growing movements',
    description:
      "A webinar with a global expert panel on growing and sustaining people's movements, " +
      'recorded for everyone who could not join live.',
  },
  {
    id: 'icsw-pop-up',
    track: 'Global dialogue',
    language: 'en',
    title: 'ICSW\\pop-up: the global dialogue, locally',
    description:
      'A pop-up event after the main week: video presentations from the programme tracks and ' +
      'a local panel relating the global dialogue to its own context, with questions and polls from the audience.',
  },
  {
    id: 'icsw-local',
    track: 'Local to global',
    language: 'en',
    title: 'ICSW\\local: voices from under-represented regions',
    description:
      'Partners who hold local, national and regional events bring their communities’ perspectives ' +
      'into the global conversation, then split into small groups to connect the local to the global.',
  },
  {
    id: 'virtual-expert-panel',
    track: 'Growing movements',
    language: 'en',
    title: 'ICSW\\virtual: expert panel, recorded for catch-up',
    description:
      'A partner-hosted webinar in the months before the week: a global expert panel on the topics under ' +
      'discussion, recorded and packaged so that a wider audience can watch it later in the catch-up library.',
  },
];

/**
 * Creates the demo rooms, or resets their title and description if they
 * exist; visits and other rooms are left alone, so it is safe to run at
 * every start.
 *
 * @returns the ids of the demo rooms.
 */
export async function seedDemoRooms(prisma: PrismaClient): Promise<string[]> {
  // One transaction: a half-seeded directory is never visible.
  await prisma.$transaction(
    DEMO_ROOMS.map(({ id, title, description, track, language }) =>
      prisma.room.upsert({
        where: { id },
        create: { id, title, description, track, language },
        update: { title, description, track, language },
      }),
    ),
  );
  return DEMO_ROOMS.map((room) => room.id);
}
