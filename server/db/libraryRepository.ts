import { RECORDING_ACCESS, type LibraryViewer, type RecordingAccess, type RecordingFacets } from '../../shared/recordings.js';
import { Prisma, type PrismaClient } from './generated/client.js';

/** A recording as the catch-up library needs it: its row and its session's (room's) descriptive fields. */
export interface LibraryRecording {
  id: string;
  roomId: string;
  title: string;
  description: string;
  track: string;
  language: string;
  speakers: string[];
  /** The recording's state (see recording/recordingSession.ts). */
  state: string;
  access: RecordingAccess;
  /** Signed into media links: raised whenever access is narrowed, so links signed before stop working. */
  accessVersion: number;
  requestedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  packageState: string;
  packageProgress: number;
  packageAttempts: number;
  packageError: string | null;
  packageRetryAt: Date | null;
  /** Relative to the recording's directory, chosen by the server (see recording/recordingFiles.ts). */
  videoFile: string | null;
  audioFile: string | null;
  thumbnailFile: string | null;
  captionsFile: string | null;
}

/** Search and filters of the library (validated by the caller); `from`/`to` are calendar days (UTC), `to` included. */
export interface LibraryFilter {
  q?: string | undefined;
  speaker?: string | undefined;
  track?: string | undefined;
  language?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

export interface LibraryPage {
  recordings: LibraryRecording[];
  total: number;
  facets: RecordingFacets;
}

/** Reading and organising recorded sessions (the capture writes them through RecordingRepository). */
export interface LibraryRepository {
  /**
   * The recordings this viewer may see that match the filter, newest first,
   * and the filter values found among everything the viewer may see.
   * Visibility mirrors `recordingVisibility` in shared/recordings.ts.
   */
  list(filter: LibraryFilter, viewer: LibraryViewer): Promise<LibraryPage>;
  /** One recording, or null when no recording has this id. */
  get(id: string): Promise<LibraryRecording | null>;
  /**
   * Sets who may watch; narrowing it (public → registered → organisers)
   * raises the access version, so media links signed before stop working.
   * Returns the updated recording, or null when it does not exist.
   */
  setAccess(id: string, access: RecordingAccess): Promise<LibraryRecording | null>;
  /** Records the captions file's name (null: none). Returns the updated recording, or null when it does not exist. */
  setCaptionsFile(id: string, fileName: string | null): Promise<LibraryRecording | null>;
  /** Puts a packaging that gave up back in the queue; false when it had not failed. */
  retryPackaging(id: string): Promise<boolean>;
}

/** Most words of a search that are each matched (a longer query is cut). */
const MAX_SEARCH_WORDS = 8;

const withRoom = { room: { select: { title: true, description: true, track: true, language: true } } } as const;
type RowWithRoom = Prisma.RecordingGetPayload<{ include: typeof withRoom }>;

function toLibraryRecording(row: RowWithRoom): LibraryRecording {
  return {
    id: row.id,
    roomId: row.roomId,
    title: row.room.title,
    description: row.room.description,
    track: row.room.track,
    language: row.room.language,
    speakers: row.speakers,
    state: row.state,
    access: row.access as RecordingAccess,
    accessVersion: row.accessVersion,
    requestedAt: row.requestedAt,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    durationMs: row.durationMs,
    packageState: row.packageState,
    packageProgress: row.packageProgress,
    packageAttempts: row.packageAttempts,
    packageError: row.packageError,
    packageRetryAt: row.packageRetryAt,
    videoFile: row.videoFile,
    audioFile: row.audioFile,
    thumbnailFile: row.thumbnailFile,
    captionsFile: row.captionsFile,
  };
}

/** A LIKE pattern that finds `text` anywhere, with the user's own `%`, `_` and `\` taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** What the viewer may see (recordingVisibility, as SQL): their own room's recordings, and packaged ones by access. */
function visibleTo(viewer: LibraryViewer): Prisma.Sql {
  const open: RecordingAccess = 'public';
  const registered: RecordingAccess = 'registered';
  const byAccess =
    viewer.registeredRooms.length === 0
      ? Prisma.sql`r."access" = ${open}`
      : Prisma.sql`(r."access" = ${open} OR (r."access" = ${registered} AND r."roomId" = ANY(${[...viewer.registeredRooms]}::text[])))`;
  const ready = Prisma.sql`(r."packageState" = 'done' AND r."state" IN ('complete', 'partial') AND ${byAccess})`;
  return viewer.organises.length === 0 ? ready : Prisma.sql`(r."roomId" = ANY(${[...viewer.organises]}::text[]) OR ${ready})`;
}

function matching(filter: LibraryFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  const words = (filter.q ?? '').split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  // Every word must be found somewhere: "climate nairobi" finds the Nairobi session on climate.
  for (const word of words) {
    const pattern = containsPattern(word);
    conditions.push(Prisma.sql`(
      m."title" ILIKE ${pattern} OR m."description" ILIKE ${pattern} OR m."track" ILIKE ${pattern}
      OR EXISTS (SELECT 1 FROM unnest(r."speakers") AS speaker WHERE speaker ILIKE ${pattern}))`);
  }
  if (filter.speaker) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM unnest(r."speakers") AS speaker WHERE lower(speaker) = lower(${filter.speaker}))`);
  }
  if (filter.track) conditions.push(Prisma.sql`lower(m."track") = lower(${filter.track})`);
  if (filter.language) conditions.push(Prisma.sql`lower(m."language") = lower(${filter.language})`);
  // Days are compared as the database stores times (UTC, without a zone).
  if (filter.from) conditions.push(Prisma.sql`${WHEN} >= ${filter.from}::date`);
  if (filter.to) conditions.push(Prisma.sql`${WHEN} < ${filter.to}::date + 1`);
  return conditions;
}

/** When a recording happened: its start, or when it was asked for if it never started. */
const WHEN = Prisma.sql`COALESCE(r."startedAt", r."requestedAt")`;
const FROM = Prisma.sql`FROM "Recording" r JOIN "Room" m ON m."id" = r."roomId"`;

export function createLibraryRepository(prisma: PrismaClient): LibraryRepository {
  const update = async (id: string, data: Prisma.RecordingUpdateManyMutationInput) => {
    const { count } = await prisma.recording.updateMany({ where: { id }, data });
    return count === 0 ? null : get(id);
  };
  const get = async (id: string) => {
    const row = await prisma.recording.findUnique({ where: { id }, include: withRoom });
    return row ? toLibraryRecording(row) : null;
  };

  return {
    async list(filter, viewer) {
      const visible = visibleTo(viewer);
      const where = Prisma.join([visible, ...matching(filter)], ' AND ');
      const [page, [counted], tracks, languages, speakers] = await Promise.all([
        prisma.$queryRaw<{ id: string }[]>`
          SELECT r."id" ${FROM} WHERE ${where}
          ORDER BY ${WHEN} DESC, r."id" DESC
          LIMIT ${filter.limit} OFFSET ${filter.offset}`,
        prisma.$queryRaw<{ total: number }[]>`SELECT COUNT(*)::integer AS total ${FROM} WHERE ${where}`,
        prisma.$queryRaw<{ value: string }[]>`
          SELECT DISTINCT m."track" AS value ${FROM} WHERE ${visible} AND m."track" <> '' ORDER BY value`,
        prisma.$queryRaw<{ value: string }[]>`
          SELECT DISTINCT m."language" AS value ${FROM} WHERE ${visible} AND m."language" <> '' ORDER BY value`,
        prisma.$queryRaw<{ value: string }[]>`
          SELECT DISTINCT speaker AS value ${FROM}, unnest(r."speakers") AS speaker WHERE ${visible} ORDER BY value`,
      ]);
      const ids = page.map((row) => row.id);
      const rows = ids.length === 0 ? [] : await prisma.recording.findMany({ where: { id: { in: ids } }, include: withRoom });
      const byId = new Map(rows.map((row) => [row.id, toLibraryRecording(row)]));
      return {
        // A recording deleted between the two queries is simply left out.
        recordings: ids.flatMap((id) => byId.get(id) ?? []),
        total: counted?.total ?? 0,
        facets: {
          tracks: tracks.map((row) => row.value),
          languages: languages.map((row) => row.value),
          speakers: speakers.map((row) => row.value),
        },
      };
    },

    get,

    async setAccess(id, access) {
      // One statement, reading the access it replaces: RECORDING_ACCESS runs from the widest to the narrowest.
      const levels = [...RECORDING_ACCESS];
      const count = await prisma.$executeRaw`
        UPDATE "Recording" SET
          "accessVersion" = "accessVersion" + (CASE WHEN array_position(${levels}::text[], ${access}) > array_position(${levels}::text[], "access") THEN 1 ELSE 0 END),
          "access" = ${access}
        WHERE "id" = ${id}`;
      return count === 0 ? null : get(id);
    },

    setCaptionsFile(id, fileName) {
      return update(id, { captionsFile: fileName });
    },

    async retryPackaging(id) {
      const { count } = await prisma.recording.updateMany({
        where: { id, packageState: 'failed' },
        data: { packageState: 'waiting', packageAttempts: 0, packageError: null, packageRetryAt: null, packageProgress: 0 },
      });
      return count > 0;
    },
  };
}
