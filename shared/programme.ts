/**
 * An event's programme as the public sees it: the event, its topics, its
 * sessions with their people and partners. Plain data for the HTTP API and
 * the pages (no database types).
 */

/** What a programme item is, in the words of ICSW's formats. */
export const SESSION_KINDS = [
  'webinar',
  'ignite-talks',
  'buzz-groups',
  'concurrent-event',
  'local-event',
  'regional-event',
  'pop-up-event',
  'global-plenary',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Where it happens: online (a live room), at a place, or both (a live room too). */
export const SESSION_FORMATS = ['virtual', 'in-person', 'hybrid'] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

export const RECORDING_POLICIES = ['off', 'on-request', 'automatic'] as const;
export type RecordingPolicy = (typeof RECORDING_POLICIES)[number];

/** Drafts are seen by organisers only; published ones by everyone allowed. */
export const PUBLICATION_STATUSES = ['draft', 'published'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** Public sessions are listed in the programme; unlisted ones only reached by their link. */
export const SESSION_VISIBILITIES = ['public', 'unlisted'] as const;
export type SessionVisibility = (typeof SESSION_VISIBILITIES)[number];

/** Virtual and hybrid sessions have a live room. */
export const hasLiveRoom = (format: SessionFormat): boolean => format !== 'in-person';

export interface EventSummary {
  id: string;
  slug: string;
  name: string;
  theme: string;
  description: string;
  host: string;
  principles: string[];
  /** The IANA zone the organisers plan in. */
  timeZone: string;
  /** First and last day in the event's zone (YYYY-MM-DD). */
  startsOn: string;
  endsOn: string;
  status: PublicationStatus;
  /** How long a waiting-list offer holds, in hours. */
  offerHours: number;
}

export interface TopicSummary {
  id: string;
  name: string;
  description: string;
}

/** A speaker's or moderator's public profile. */
export interface PersonSummary {
  id: string;
  name: string;
  pronouns: string;
  organisation: string;
  country: string;
  biography: string;
  /** Where the photo is served, or null. */
  photoUrl: string | null;
}

export interface PartnerSummary {
  id: string;
  name: string;
  country: string;
  link: string;
  logoUrl: string | null;
}

/** What a person does in a session, as its page shows them. */
export const SESSION_PERSON_ROLES = ['speaker', 'moderator'] as const;
export type SessionPersonRole = (typeof SESSION_PERSON_ROLES)[number];

/** A session's person, as what they take part. */
export interface SessionPersonSummary extends PersonSummary {
  role: SessionPersonRole;
}

/** A programme item as listed and shown on its page. */
export interface SessionSummary {
  id: string;
  eventId: string;
  kind: SessionKind;
  title: string;
  description: string;
  /** ISO 8601 in UTC. */
  startsAt: string;
  endsAt: string;
  /** The zone the organiser entered the times in (shown alongside the viewer's). */
  timeZone: string;
  format: SessionFormat;
  place: string;
  languages: string[];
  capacity: number | null;
  topic: TopicSummary | null;
  visibility: SessionVisibility;
  status: PublicationStatus;
  recordingPolicy: RecordingPolicy;
  requiresAccount: boolean;
  /** The live room (`/r/<roomId>`), for virtual and hybrid sessions. */
  roomId: string | null;
  people: SessionPersonSummary[];
  partners: PartnerSummary[];
}

/**
 * A session as the programme lists it: what its card shows and filters
 * read. Its page has the rest (description, people's biographies): a
 * programme of a thousand sessions stays light on weak connections.
 */
export interface ProgrammeSession extends Omit<SessionSummary, 'description' | 'people'> {
  people: Pick<SessionPersonSummary, 'id' | 'name' | 'role'>[];
}

/** `GET /api/events/:slug`: the event and its topics. */
export interface EventProgramme {
  event: EventSummary;
  topics: TopicSummary[];
  sessions: ProgrammeSession[];
}

/** `GET /api/sessions/:id`: a session's page. */
export interface SessionPage {
  session: SessionSummary;
  event: EventSummary;
  /** Its latest packaged recording that everyone may watch, if any. */
  recordingId: string | null;
}

/** `GET /api/people/:id`: a speaker's page. */
export interface PersonPage {
  person: PersonSummary;
  sessions: SessionSummary[];
}
