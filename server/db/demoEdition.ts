import type { RecordingPolicy, SessionFormat, SessionKind } from '../../shared/programme.js';

/**
 * The demo edition, drawn from International Civil Society Week (CIVICUS):
 * the 2020-21 edition's year-long conversation about people power, its five
 * topics and principles, and the formats of ICSW 2019 (ignite talks, buzz
 * groups, virtual webinars, local, regional and pop-up events). Seeded as
 * ordinary rows that organisers edit or delete (see seed.ts). The people
 * and partner organisations are invented for the demo.
 *
 * Times are days and hours from the day it is seeded, in the event's time
 * zone, so that a fresh install has a session live now, some to come over
 * the year and some to catch up on.
 */

export const DEMO_EVENT = {
  slug: 'icsw-2020-21',
  name: 'ICSW 2020-21',
  theme: 'People power',
  description:
    'A global, year-long conversation about people power: the collective power of people acting together to drive ' +
    'social and political change. Virtual events through the year, local and regional events, and a one-week ' +
    'global gathering bringing together participants from more than 100 countries.',
  host: 'CIVICUS',
  timeZone: 'Africa/Johannesburg',
  principles: [
    'Inclusion: making sure that people affected by our work are represented in our events',
    'Equality: reflecting gender equality and non-discrimination in our panels',
    'Sustainability: being environmentally conscious and minimising harm to the planet',
    'Transparency: sharing our successes and failures so that we contribute to a learning environment',
    'Diversity: bringing together diverse stakeholders to discuss complex problems',
    'Participation: providing space for event attendees to engage in meaningful dialogue',
  ],
} as const;

/** The five topics of the year-long conversation. */
export const DEMO_TOPICS = [
  { name: 'New sources and forces', description: 'Exploring the new sources and forces of people power.' },
  { name: 'People at the centre', description: 'Putting people at the centre of social change.' },
  { name: 'Growing movements', description: 'Growing and sustaining people’s movements to drive fundamental change.' },
  { name: 'Local to global', description: 'Connecting the local to the global to enhance people’s strength and solidarity.' },
  { name: 'Supporting people power', description: 'Understanding, learning and unlearning how to support people power.' },
] as const;

type TopicName = (typeof DEMO_TOPICS)[number]['name'];

export const DEMO_PARTNERS = [
  { key: 'civicus', name: 'CIVICUS', country: 'ZA', link: 'https://civicus.org' },
  { key: 'river', name: 'River Voices Collective', country: 'NP', link: '' },
  { key: 'andes', name: 'Red Andina de Juventudes', country: 'PE', link: '' },
  { key: 'sahel', name: 'Sahel Civic Lab', country: 'SN', link: '' },
  { key: 'balkan', name: 'Balkan Solidarity Hub', country: 'RS', link: '' },
] as const;

type PartnerKey = (typeof DEMO_PARTNERS)[number]['key'];

export const DEMO_PEOPLE = [
  { key: 'amara', name: 'Amara Okafor', pronouns: 'she/her', organisation: 'Sahel Civic Lab', country: 'NG', biography: 'Organiser of digital campaigns for civic space across West Africa.' },
  { key: 'rohan', name: 'Rohan Shrestha', pronouns: 'he/him', organisation: 'River Voices Collective', country: 'NP', biography: 'Works with community radio stations on local accountability.' },
  { key: 'lucia', name: 'Lucía Quispe', pronouns: 'she/her', organisation: 'Red Andina de Juventudes', country: 'PE', biography: 'Youth climate organiser and facilitator of buzz-group dialogues.' },
  { key: 'milan', name: 'Milan Petrović', pronouns: 'he/him', organisation: 'Balkan Solidarity Hub', country: 'RS', biography: 'Researches how protest movements sustain themselves after the streets empty.' },
  { key: 'nadia', name: 'Nadia Rahman', pronouns: 'she/her', organisation: 'CIVICUS', country: 'BD', biography: 'Moderates the ICSW virtual series.' },
  { key: 'tomas', name: 'Tomás Herrera', pronouns: 'they/them', organisation: 'Independent', country: 'CL', biography: 'Writes about funding models that put movements, not donors, in charge.' },
] as const;

type PersonKey = (typeof DEMO_PEOPLE)[number]['key'];

export interface DemoSession {
  /** The live room's id (the demo rooms of earlier versions keep theirs); none for in-person sessions. */
  roomId: string | null;
  kind: SessionKind;
  title: string;
  description: string;
  topic: TopicName;
  format: SessionFormat;
  place?: string;
  languages: string[];
  /** Days from the seeding day, and the local start time (HH:MM, or the hour it is seeded) and length in the event's zone. */
  day: number;
  at: string | 'seeding';
  minutes: number;
  recordingPolicy: RecordingPolicy;
  partners: PartnerKey[];
  people: { key: PersonKey; role: 'speaker' | 'moderator' }[];
}

/**
 * Every kind of session, spread over the year. Seven of the rooms are the
 * demo rooms earlier versions seeded (their ids unchanged, so old links
 * work); the room list orders rooms by id, and the plenary's comes last.
 */
export const DEMO_SESSIONS: readonly DemoSession[] = [
  {
    roomId: 'people-power',
    kind: 'webinar',
    title: 'People power: new sources and forces',
    description:
      'Opening webinar of the ICSW 2020-21 conversation: how people acting together drive social and political change, ' +
      'why that power is under attack, and how activists, movements, donors and supporters can sustain it for the long haul.',
    topic: 'New sources and forces',
    format: 'virtual',
    languages: ['en', 'fr', 'es'],
    // Live for a day from the hour it is seeded: a fresh install has something to join.
    day: 0,
    at: 'seeding',
    minutes: 24 * 60,
    recordingPolicy: 'on-request',
    partners: ['civicus'],
    people: [{ key: 'nadia', role: 'moderator' }, { key: 'amara', role: 'speaker' }, { key: 'milan', role: 'speaker' }],
  },
  {
    roomId: 'ignite-talks',
    kind: 'ignite-talks',
    title: 'ICSW\\ignite: five-minute talks',
    description: 'Short, fast talks from civil society speakers on putting people at the centre of social change, followed by questions from the floor.',
    topic: 'People at the centre',
    format: 'virtual',
    languages: ['en'],
    day: 14,
    at: '14:00',
    minutes: 60,
    recordingPolicy: 'automatic',
    partners: ['civicus'],
    people: [{ key: 'nadia', role: 'moderator' }, { key: 'rohan', role: 'speaker' }, { key: 'lucia', role: 'speaker' }, { key: 'tomas', role: 'speaker' }],
  },
  {
    roomId: 'buzz-groups',
    kind: 'buzz-groups',
    title: 'ICSW\\buzz groups: local to global',
    description: "Small moderated groups on connecting the local to the global to strengthen people's solidarity; each group reports back to the room at the end.",
    topic: 'Local to global',
    format: 'virtual',
    languages: ['en', 'es'],
    day: 28,
    at: '15:00',
    minutes: 90,
    recordingPolicy: 'off',
    partners: ['andes'],
    people: [{ key: 'lucia', role: 'moderator' }],
  },
  {
    roomId: 'icsw-virtual',
    kind: 'webinar',
    title: 'ICSW\\virtual: growing movements',
    description: "A webinar with a global expert panel on growing and sustaining people's movements, recorded for everyone who could not join live.",
    topic: 'Growing movements',
    format: 'virtual',
    languages: ['en'],
    day: 45,
    at: '11:00',
    minutes: 90,
    recordingPolicy: 'automatic',
    partners: ['balkan'],
    people: [{ key: 'nadia', role: 'moderator' }, { key: 'milan', role: 'speaker' }, { key: 'tomas', role: 'speaker' }],
  },
  {
    roomId: 'icsw-local',
    kind: 'local-event',
    title: 'ICSW\\local: voices from under-represented regions',
    description:
      'Partners who hold local, national and regional events bring their communities’ perspectives into the global conversation, ' +
      'then split into small groups to connect the local to the global.',
    topic: 'Local to global',
    format: 'hybrid',
    place: 'Kathmandu, Nepal',
    languages: ['ne', 'en'],
    day: 75,
    at: '10:00',
    minutes: 120,
    recordingPolicy: 'on-request',
    partners: ['river'],
    people: [{ key: 'rohan', role: 'moderator' }],
  },
  {
    roomId: null,
    kind: 'regional-event',
    title: 'ICSW\\regional: Andean youth for climate justice',
    description: 'A regional gathering of youth movements from the Andes, in person, feeding its conclusions into the global week.',
    topic: 'Growing movements',
    format: 'in-person',
    place: 'Lima, Peru',
    languages: ['es'],
    day: 110,
    at: '09:00',
    minutes: 6 * 60,
    recordingPolicy: 'off',
    partners: ['andes'],
    people: [{ key: 'lucia', role: 'speaker' }],
  },
  {
    roomId: null,
    kind: 'concurrent-event',
    title: 'Funding movements, not projects',
    description: 'A concurrent event hosted by a partner during the global week: donors and activists on funding that follows movements.',
    topic: 'Supporting people power',
    format: 'in-person',
    place: 'Global gathering venue, room 2',
    languages: ['en'],
    day: 180,
    at: '13:30',
    minutes: 75,
    recordingPolicy: 'on-request',
    partners: ['sahel'],
    people: [{ key: 'amara', role: 'moderator' }, { key: 'tomas', role: 'speaker' }],
  },
  {
    roomId: 'world-gathering',
    kind: 'global-plenary',
    title: 'ICSW\\global: opening plenary',
    description: 'The one-week global gathering opens: participants from more than 100 countries, in the room and online.',
    topic: 'New sources and forces',
    format: 'hybrid',
    place: 'Global gathering venue, main hall',
    languages: ['en', 'fr', 'es', 'ar'],
    day: 179,
    at: '09:00',
    minutes: 120,
    recordingPolicy: 'automatic',
    partners: ['civicus'],
    people: [{ key: 'nadia', role: 'moderator' }, { key: 'amara', role: 'speaker' }, { key: 'rohan', role: 'speaker' }, { key: 'milan', role: 'speaker' }],
  },
  {
    roomId: 'icsw-pop-up',
    kind: 'pop-up-event',
    title: 'ICSW\\pop-up: the global dialogue, locally',
    description:
      'A pop-up event after the main week: video presentations from the programme tracks and a local panel relating the global dialogue ' +
      'to its own context, with questions and polls from the audience.',
    topic: 'Supporting people power',
    format: 'virtual',
    languages: ['en', 'sr'],
    day: 220,
    at: '18:00',
    minutes: 90,
    recordingPolicy: 'on-request',
    partners: ['balkan'],
    people: [{ key: 'milan', role: 'moderator' }],
  },
  {
    roomId: 'virtual-expert-panel',
    kind: 'webinar',
    title: 'ICSW\\virtual: expert panel, recorded for catch-up',
    description:
      'A partner-hosted webinar in the months before the week: a global expert panel on the topics under discussion, recorded and ' +
      'packaged so that a wider audience can watch it later in the catch-up library.',
    topic: 'Growing movements',
    format: 'virtual',
    languages: ['en'],
    day: -10,
    at: '16:00',
    minutes: 90,
    recordingPolicy: 'automatic',
    partners: ['sahel'],
    people: [{ key: 'amara', role: 'moderator' }, { key: 'tomas', role: 'speaker' }, { key: 'rohan', role: 'speaker' }],
  },
];
