/**
 * The catch-up library's HTTP contract (`/api/recordings…`): response types
 * and the pure rules both sides need (who may watch, what `?t=` means).
 * No zod here, so the client bundle can import it; the request schemas live
 * in shared/recordingSchemas.ts, which only the server imports.
 */
import type { TimelineEntry } from './timeline.js';

/** Who may watch a recording. */
export const RECORDING_ACCESS = ['public', 'registered', 'organisers'] as const;
export type RecordingAccess = (typeof RECORDING_ACCESS)[number];

/** What people are told about each level (the organisers' select shows these). */
export const ACCESS_LABELS: Record<RecordingAccess, string> = {
  public: 'Everyone',
  registered: 'Registered people',
  organisers: 'Organisers only',
};

/**
 * Whether a change of access lets fewer people watch (RECORDING_ACCESS runs
 * from the widest to the narrowest): then every media link handed out
 * before stops working (the server's libraryRepository does the same in SQL).
 */
export function isNarrowing(from: RecordingAccess, to: RecordingAccess): boolean {
  return RECORDING_ACCESS.indexOf(to) > RECORDING_ACCESS.indexOf(from);
}

/** Packaging after the recording ends (see the Recording model in prisma/schema.prisma). */
export type PackageState = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

/** The files a recording offers, each served by `GET /api/recordings/:id/media/:kind`. */
export const MEDIA_KINDS = ['video', 'audio', 'thumbnail', 'captions'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** Largest captions file an organiser may attach. */
export const CAPTIONS_MAX_BYTES = 512 * 1024;

/** How an interrupted (partial) recording is described to viewers. */
export const INCOMPLETE_NOTE = 'incomplete: the recording was interrupted';

/** Packaging as organisers see it: progress while it runs, the error when it gave up. */
export interface RecordingPackaging {
  /** The recording's own state: starting, recording, stopping, complete, failed or partial. */
  recordingState: string;
  state: PackageState;
  /** 0..1 while running. */
  progress: number;
  attempts: number;
  error: string | null;
  /** ISO time of the next automatic attempt after a failure, if one is planned. */
  retryAt: string | null;
}

/** One recorded session as the library lists it. */
export interface RecordingSummary {
  id: string;
  roomId: string;
  /** The session's title and description (its room's). */
  title: string;
  description: string;
  /** Programme track or topic; empty when none was set. */
  track: string;
  /** BCP 47 code of the session's main language. */
  language: string;
  /** Everyone recorded on stage, in order of appearance. */
  speakers: string[];
  /** ISO time the recording began (null if it never did). */
  startedAt: string | null;
  durationMs: number | null;
  /** The process recording it died: what was written is kept, but there are gaps or an early end. */
  isPartial: boolean;
  access: RecordingAccess;
  /** Ready to use in `<img src>` (carries a media token when the recording is not public). */
  thumbnailUrl: string | null;
  /** An organiser attached a WebVTT captions file. */
  hasCaptions: boolean;
  /** Packaged and playable (always, for anyone but the organisers of its room). */
  isReady: boolean;
  /** The viewer organises the recording's room: may change access, captions and retry packaging. */
  canManage: boolean;
  /** Only for organisers of the recording's room. */
  packaging?: RecordingPackaging;
}

/** Values the filters can offer: those found among the recordings the viewer can see. */
export interface RecordingFacets {
  tracks: string[];
  languages: string[];
  speakers: string[];
}

/** `GET /api/recordings`. */
export interface RecordingListResponse {
  recordings: RecordingSummary[];
  /** How many match in all (the list holds at most the requested page). */
  total: number;
  facets: RecordingFacets;
  /** Who the server took the caller to be (an invalid or missing token: nobody), and the rooms whose recordings they manage. */
  viewer: { displayName: string | null; organises: string[] };
}

/** Where to fetch a recording's files: ready for `<video src>`, `<a href>` (null when it has none). */
export interface RecordingMediaUrls {
  video: string | null;
  audio: string | null;
  thumbnail: string | null;
  captions: string | null;
}

/** `GET /api/recordings/:id`. */
export interface RecordingDetail extends RecordingSummary {
  chapters: { at: number; title: string }[];
  /** Everything that happened, in order, in ms from the recording's start (shared/timeline.ts). */
  timeline: TimelineEntry[];
  media: RecordingMediaUrls;
  /** The same files served as attachments with a readable name. */
  downloads: Pick<RecordingMediaUrls, 'video' | 'audio' | 'captions'>;
}

/** `PATCH /api/recordings/:id` (organisers). */
export interface UpdateRecordingRequest {
  access: RecordingAccess;
}

/** What decides whether someone may watch a recording. */
export interface RecordingVisibilityFacts {
  roomId: string;
  access: RecordingAccess;
  /** The recording's state (complete, partial, failed, …). */
  state: string;
  packageState: string;
}

/** Who is asking: nobody, a guest (by name or invitation), or a signed-in account; what they registered for; what they moderate. */
export interface LibraryViewer {
  who: 'nobody' | 'guest' | 'account';
  /** The rooms of the sessions of every event this account registered for ("registered" recordings). */
  registeredRooms: readonly string[];
  /**
   * The rooms whose recordings this person manages: the one room of a
   * moderator's invitation, or every room an account moderates (its
   * event's organisers and moderators, a session's own moderators).
   */
  organises: readonly string[];
}

export const ANONYMOUS_VIEWER: LibraryViewer = { who: 'nobody', registeredRooms: [], organises: [] };

/**
 * May this viewer see this recording, and if not, why not:
 * - `ok`: organisers of its room always; others once it is packaged and complete (or partial), by its access;
 * - `not-found`: not ready yet for anyone but organisers (its existence is not told);
 * - `unauthenticated`: for registered people or organisers, and the caller is nobody;
 * - `forbidden`: for organisers, and the caller is not one of this room's.
 */
export function recordingVisibility(
  recording: RecordingVisibilityFacts,
  viewer: LibraryViewer,
): 'ok' | 'not-found' | 'unauthenticated' | 'forbidden' {
  if (isOrganiserOf(viewer, recording.roomId)) return 'ok';
  if (!isReadyToWatch(recording)) return 'not-found';
  switch (recording.access) {
    case 'public':
      return 'ok';
    case 'registered':
      // For those registered for its event: a guest is asked to sign in, an account to register.
      if (viewer.registeredRooms.includes(recording.roomId)) return 'ok';
      return viewer.who === 'account' ? 'forbidden' : 'unauthenticated';
    case 'organisers':
      return viewer.who === 'nobody' ? 'unauthenticated' : 'forbidden';
  }
}

/** Packaged, and the recording ended normally or was interrupted (a failed one holds nothing to watch). */
export function isReadyToWatch(recording: Pick<RecordingVisibilityFacts, 'state' | 'packageState'>): boolean {
  return recording.packageState === 'done' && (recording.state === 'complete' || recording.state === 'partial');
}

export function isOrganiserOf(viewer: LibraryViewer, roomId: string): boolean {
  return viewer.organises.includes(roomId);
}

/**
 * A WebVTT file starts with "WEBVTT" (after an optional byte order mark),
 * followed by the end of the line, a space or a tab.
 */
export function looksLikeWebVtt(text: string): boolean {
  return /^\uFEFF?WEBVTT(?:$|[ \t\r\n])/.test(text);
}

/** Longest moment `?t=` accepts: a day, far beyond any session. */
const MAX_MOMENT_SECONDS = 24 * 3600;

/**
 * Reads a moment from `?t=`: plain seconds (`90`, `90.5`) or YouTube-style
 * (`1m30s`, `1h2m`, `45s`). Null for anything else, so a bad link just
 * starts at the beginning.
 *
 * @example parseMoment('1m30s') // 90
 */
export function parseMoment(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(text)) return withinDay(Number(text));
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!match || text === '') return null;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return withinDay(Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds));
}

function withinDay(seconds: number): number | null {
  return Number.isFinite(seconds) && seconds <= MAX_MOMENT_SECONDS ? seconds : null;
}

/**
 * A moment as `?t=` writes it (whole seconds, `1h2m3s` style, readable in a link).
 *
 * @example formatMoment(90.4) // '1m30s'
 */
export function formatMoment(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}

/**
 * A time on a player's clock: `m:ss`, or `h:mm:ss` from an hour on.
 *
 * @example formatClock(83_000) // '1:23'
 */
export function formatClock(ms: number): string {
  const whole = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Display names of everyone who was on stage, by peer id (from the timeline's stage-joined entries). */
export function stageNames(timeline: readonly TimelineEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of timeline) {
    if (entry.kind === 'stage-joined') names.set(entry.peerId, entry.displayName);
  }
  return names;
}
