import { randomUUID } from 'node:crypto';
import { mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { AppError } from '../../shared/errors.js';
import {
  mediaKindSchema,
  mediaQuerySchema,
  recordingIdSchema,
  recordingListQuerySchema,
  updateRecordingRequestSchema,
} from '../../shared/recordingSchemas.js';
import {
  ANONYMOUS_VIEWER,
  CAPTIONS_MAX_BYTES,
  isOrganiserOf,
  isReadyToWatch,
  looksLikeWebVtt,
  recordingVisibility,
  type LibraryViewer,
  type MediaKind,
  type RecordingDetail,
  type RecordingListResponse,
  type RecordingMediaUrls,
  type RecordingSummary,
} from '../../shared/recordings.js';
import type { Identity } from '../../shared/events.js';
import type { TokenService } from '../auth/tokens.js';
import type { LibraryRecording, LibraryRepository } from '../db/libraryRepository.js';
import type { RegistrationRepository } from '../registration/registrationRepository.js';
import type { GrantRepository } from '../programme/grantRepository.js';
import type { RecordingRepository } from '../db/recordingRepository.js';
import type { Logger } from '../logger.js';
import { describeIssues } from '../realtime/registerHandler.js';
import { answerAppErrors, bearerToken } from './httpErrors.js';
import { CAPTIONS_FILE, recordingDir } from '../recording/recordingFiles.js';
import { replayTimeline } from '../recording/replayTimeline.js';

export interface RecordingRouteDeps {
  logger: Logger;
  tokens: TokenService;
  library: LibraryRepository;
  /** The timeline of a recording and what it names, for the replay page. */
  recordings: Pick<RecordingRepository, 'replaySources'>;
  /** Absolute; every recording's files are below `<recordingsDir>/<id>/`. */
  recordingsDir: string;
  /** A moderator whose invitation was revoked is no longer an organiser here either. */
  invitations: { isRevoked(invitationId: string): Promise<boolean> };
  /** The rooms an account moderates (null: the account may not act any more). */
  grants: Pick<GrantRepository, 'moderatedRooms'>;
  /** The events an account registered for: "registered" recordings are theirs to watch. */
  registrations: Pick<RegistrationRepository, 'registeredRooms'>;
}

const CONTENT_TYPES: Record<MediaKind, string> = {
  video: 'video/webm',
  audio: 'audio/webm',
  thumbnail: 'image/jpeg',
  captions: 'text/vtt; charset=utf-8',
};

/** What a downloaded file is called after the session's title: `<title> <date>[ (audio)].<ext>`. */
const DOWNLOAD_SUFFIX: Record<MediaKind, string> = {
  video: '.webm',
  audio: ' (audio only).webm',
  thumbnail: '.jpg',
  captions: '.vtt',
};

const COLUMN: Record<MediaKind, keyof Pick<LibraryRecording, 'videoFile' | 'audioFile' | 'thumbnailFile' | 'captionsFile'>> = {
  video: 'videoFile',
  audio: 'audioFile',
  thumbnail: 'thumbnailFile',
  captions: 'captionsFile',
};


const notFound = () => new AppError('NOT_FOUND', 'no such recording');

/**
 * The catch-up library's API, mounted at `/api/recordings`: the list, one
 * recording with its timeline, its media (with range requests), and what
 * organisers change (access, captions, a packaging retry).
 *
 * Files are only ever found from a recording's row, looked up by an id that
 * was checked to be a UUID; nothing in a request becomes part of a path.
 */
export function createRecordingRouter(deps: RecordingRouteDeps): Router {
  const router = express.Router();
  const { library, tokens } = deps;

  /** Who the caller is, from `Authorization: Bearer <identity token>`; a missing or invalid token is nobody. */
  const identityOf = async (req: Request): Promise<Identity | null> => {
    const token = bearerToken(req);
    return token ? tokens.verify(token) : null;
  };
  const viewerOf = async (identity: Identity | null): Promise<LibraryViewer> => {
    if (identity === null) return ANONYMOUS_VIEWER;
    if (identity.accountId !== null) {
      // An account's roles are the grants as they stand now, for every session it moderates, in any tab.
      const [rooms, registeredRooms] = await Promise.all([
        deps.grants.moderatedRooms(identity.accountId),
        deps.registrations.registeredRooms(identity.accountId),
      ]);
      return rooms === null ? ANONYMOUS_VIEWER : { who: 'account', registeredRooms, organises: rooms };
    }
    const isModerator =
      identity.role === 'moderator' &&
      identity.roomId !== null &&
      !(identity.invitationId !== null && (await deps.invitations.isRevoked(identity.invitationId)));
    return { who: 'guest', registeredRooms: [], organises: isModerator ? [identity.roomId!] : [] };
  };

  /** The recording named by `:id`, or a 404 for an id that is not a UUID or names nothing. */
  const recordingOf = async (req: Request): Promise<LibraryRecording> => {
    const id = recordingIdSchema.safeParse(req.params.id);
    const recording = id.success ? await library.get(id.data) : null;
    if (!recording) throw notFound();
    return recording;
  };

  /**
   * Anyone may fetch a public recording's files; for the others the URL
   * carries a media token, since <video> sends no headers. The token holds
   * the recording's access version: narrowing access ends every link signed before.
   */
  const mediaTokenOf = async (recording: LibraryRecording): Promise<string | null> =>
    recordingVisibility(recording, ANONYMOUS_VIEWER) === 'ok' ? null : tokens.signMediaAccess(recording.id, recording.accessVersion);

  const mediaUrls = async (
    recording: LibraryRecording,
    query: string,
    token: Promise<string | null> = mediaTokenOf(recording),
  ): Promise<RecordingMediaUrls> => {
    const signed = await token;
    const url = (kind: MediaKind) => {
      if (recording[COLUMN[kind]] === null) return null;
      const params = new URLSearchParams(query);
      if (signed) params.set('token', signed);
      const search = params.toString();
      return `/api/recordings/${recording.id}/media/${kind}${search ? `?${search}` : ''}`;
    };
    return { video: url('video'), audio: url('audio'), thumbnail: url('thumbnail'), captions: url('captions') };
  };

  const summaryOf = async (
    recording: LibraryRecording,
    viewer: LibraryViewer,
    token: Promise<string | null> = mediaTokenOf(recording),
  ): Promise<RecordingSummary> => {
    const canManage = isOrganiserOf(viewer, recording.roomId);
    const startedAt = recording.startedAt?.getTime() ?? null;
    const endedAt = recording.endedAt?.getTime() ?? null;
    return {
      id: recording.id,
      roomId: recording.roomId,
      title: recording.title,
      description: recording.description,
      track: recording.track,
      language: recording.language,
      speakers: recording.speakers,
      startedAt: recording.startedAt?.toISOString() ?? null,
      // Packaging measures the file; until then the recording's own span is the best guess.
      durationMs: recording.durationMs ?? (startedAt !== null && endedAt !== null ? Math.max(0, endedAt - startedAt) : null),
      isPartial: recording.state === 'partial',
      access: recording.access,
      thumbnailUrl: (await mediaUrls(recording, '', token)).thumbnail,
      hasCaptions: recording.captionsFile !== null,
      isReady: isReadyToWatch(recording),
      canManage,
      ...(canManage
        ? {
            packaging: {
              recordingState: recording.state,
              state: recording.packageState as NonNullable<RecordingSummary['packaging']>['state'],
              progress: recording.packageProgress,
              attempts: recording.packageAttempts,
              error: recording.packageError,
              retryAt: recording.packageRetryAt?.toISOString() ?? null,
            },
          }
        : {}),
    };
  };

  /** The recording, if this caller may watch it; otherwise 404, 401 or 403 as recordingVisibility says. */
  const watchable = async (req: Request) => {
    const [recording, identity] = await Promise.all([recordingOf(req), identityOf(req)]);
    const viewer = await viewerOf(identity);
    refuseUnless(recordingVisibility(recording, viewer));
    return { recording, viewer };
  };

  /** The recording, if the caller organises its room (moderates it). */
  const managed = async (req: Request) => {
    const [recording, identity] = await Promise.all([recordingOf(req), identityOf(req)]);
    const viewer = await viewerOf(identity);
    if (identity === null) throw new AppError('UNAUTHENTICATED', 'sign in as an organiser of this session');
    if (!isOrganiserOf(viewer, recording.roomId)) {
      throw new AppError('FORBIDDEN', "only the session's organisers can change its recording");
    }
    return { recording, viewer };
  };

  router.get('/', async (req, res) => {
    const query = recordingListQuerySchema.safeParse(req.query);
    if (!query.success) throw new AppError('INVALID_PAYLOAD', describeIssues(query.error));
    const identity = await identityOf(req);
    const viewer = await viewerOf(identity);
    const page = await library.list(query.data, viewer);
    res.set('Cache-Control', 'private, no-cache');
    res.json({
      recordings: await Promise.all(page.recordings.map((recording) => summaryOf(recording, viewer))),
      total: page.total,
      facets: page.facets,
      viewer: { displayName: identity?.displayName ?? null, organises: [...viewer.organises] },
    } satisfies RecordingListResponse);
  });

  router.get('/:id', async (req, res) => {
    const { recording, viewer } = await watchable(req);
    // Made now from the rows as they stand: what was deleted, withdrawn or dismissed since, even long after, is left out.
    const timeline = replayTimeline(await deps.recordings.replaySources(recording.id));
    // One token for every link of the page.
    const token = mediaTokenOf(recording);
    const [summary, media, downloads] = await Promise.all([
      summaryOf(recording, viewer, token),
      mediaUrls(recording, '', token),
      mediaUrls(recording, 'download=1', token),
    ]);
    res.set('Cache-Control', 'private, no-cache');
    res.json({
      ...summary,
      chapters: timeline.flatMap((entry) => (entry.kind === 'chapter' ? [{ at: entry.at, title: entry.title }] : [])),
      timeline,
      media,
      downloads: { video: downloads.video, audio: downloads.audio, captions: downloads.captions },
    } satisfies RecordingDetail);
  });

  router.get('/:id/media/:kind', async (req, res) => {
    const kind = mediaKindSchema.safeParse(req.params.kind);
    if (!kind.success) throw notFound();
    const query = mediaQuerySchema.safeParse(req.query);
    if (!query.success) throw new AppError('INVALID_PAYLOAD', describeIssues(query.error));
    const [recording, identity] = await Promise.all([recordingOf(req), identityOf(req)]);
    const visibility = recordingVisibility(recording, await viewerOf(identity));
    if (visibility !== 'ok') {
      const { token } = query.data;
      if (token === undefined) refuseUnless(visibility);
      else if (!(await tokens.verifyMediaAccess(token, recording.id, recording.accessVersion))) {
        throw new AppError('FORBIDDEN', 'this media link has expired, is not for this recording, or who may watch it changed; reload the page');
      }
    }
    const fileName = recording[COLUMN[kind.data]];
    const file = fileName === null ? null : await resolveRecordingFile(deps.recordingsDir, recording.id, fileName);
    if (file === null) {
      if (fileName !== null) deps.logger.warn({ recordingId: recording.id, kind: kind.data }, 'recording file missing or outside its directory');
      throw new AppError('NOT_FOUND', `this recording has no ${kind.data} file`);
    }
    const isPublic = recordingVisibility(recording, ANONYMOUS_VIEWER) === 'ok';
    // First: attachment() also sets a Content-Type from the name's extension, which ours replaces.
    if (query.data.download) res.attachment(downloadName(recording, kind.data));
    res.set({
      'Content-Type': CONTENT_TYPES[kind.data],
      // Every use is checked here again (the ETag makes that cheap): a cache, shared or the browser's,
      // never goes on serving a recording after its access was narrowed; and captions can be replaced.
      'Cache-Control': kind.data === 'captions' || !isPublic ? 'private, no-cache' : 'public, no-cache',
      'X-Content-Type-Options': 'nosniff',
      // An attached file is shown as media, never as a document that could run scripts.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    await sendFile(res, file);
  });

  router.patch('/:id', async (req, res) => {
    const { recording, viewer } = await managed(req);
    const body = updateRecordingRequestSchema.safeParse(req.body);
    if (!body.success) throw new AppError('INVALID_PAYLOAD', describeIssues(body.error));
    const updated = await library.setAccess(recording.id, body.data.access);
    if (!updated) throw notFound();
    deps.logger.info({ recordingId: recording.id, access: body.data.access }, 'recording access changed');
    res.json(await summaryOf(updated, viewer));
  });

  const captionsBody = express.text({ type: ['text/vtt', 'text/plain'], limit: CAPTIONS_MAX_BYTES });

  router.put(
    '/:id/captions',
    // Who may attach is checked before the body is read.
    async (req, res, next) => {
      res.locals.managed = await managed(req);
      next();
    },
    captionsBody,
    async (req, res) => {
      const { recording, viewer } = res.locals.managed as Awaited<ReturnType<typeof managed>>;
      if (typeof req.body !== 'string') throw new AppError('INVALID_PAYLOAD', 'send the captions as text/vtt');
      if (!looksLikeWebVtt(req.body)) throw new AppError('INVALID_PAYLOAD', 'not a WebVTT file: it must start with "WEBVTT"');
      await writeCaptions(deps.recordingsDir, recording.id, req.body);
      const updated = await library.setCaptionsFile(recording.id, CAPTIONS_FILE);
      if (!updated) throw notFound();
      res.json(await summaryOf(updated, viewer));
    },
  );

  router.delete('/:id/captions', async (req, res) => {
    const { recording, viewer } = await managed(req);
    const updated = await library.setCaptionsFile(recording.id, null);
    if (!updated) throw notFound();
    const dir = await ownDirectory(deps.recordingsDir, recording.id);
    if (dir) await rm(path.join(dir, CAPTIONS_FILE), { force: true });
    res.json(await summaryOf(updated, viewer));
  });

  router.post('/:id/package', async (req, res) => {
    const { recording, viewer } = await managed(req);
    if (!(await library.retryPackaging(recording.id))) {
      throw new AppError('CONFLICT', `packaging is ${recording.packageState}: only a failed packaging can be retried`);
    }
    deps.logger.info({ recordingId: recording.id }, 'recording packaging retried');
    res.json(await summaryOf((await library.get(recording.id)) ?? recording, viewer));
  });

  router.use(answerAppErrors);
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const { status, type } = error as { status?: number; type?: string };
    if (status === 413 || type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'INVALID_PAYLOAD', message: `captions files are limited to ${CAPTIONS_MAX_BYTES / 1024} KB` } });
      return;
    }
    next(error);
  });

  return router;
}

function refuseUnless(visibility: ReturnType<typeof recordingVisibility>): void {
  switch (visibility) {
    case 'ok':
      return;
    case 'not-found':
      throw notFound();
    case 'unauthenticated':
      throw new AppError('UNAUTHENTICATED', 'sign in to watch this recording');
    case 'forbidden':
      throw new AppError('FORBIDDEN', "this recording is for the session's organisers only");
  }
}

/** Is `child` inside `parent` (both absolute and normalised)? */
function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The recording's directory with every symlink resolved, or null when it does
 * not exist or resolves outside the recordings directory.
 */
async function ownDirectory(recordingsDir: string, recordingId: string): Promise<string | null> {
  try {
    const root = await realpath(recordingsDir);
    const dir = await realpath(recordingDir(recordingsDir, recordingId));
    return isInside(root, dir) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Where a file named in a recording's row really is, or null when it is
 * missing or would lead anywhere but inside that recording's directory:
 * the name is checked as written (no `..`, not absolute, no NUL or
 * backslash) and again after every symlink is resolved.
 */
export async function resolveRecordingFile(recordingsDir: string, recordingId: string, fileName: string): Promise<string | null> {
  if (fileName === '' || fileName.includes('\0') || fileName.includes('\\') || path.isAbsolute(fileName)) return null;
  const dir = await ownDirectory(recordingsDir, recordingId);
  if (dir === null) return null;
  const candidate = path.resolve(dir, fileName);
  if (!isInside(dir, candidate)) return null;
  try {
    const real = await realpath(candidate);
    return isInside(dir, real) ? real : null;
  } catch {
    return null;
  }
}

/** Writes the captions file whole (a reader never sees half of it), inside the recording's own directory. */
async function writeCaptions(recordingsDir: string, recordingId: string, text: string): Promise<void> {
  await mkdir(recordingDir(recordingsDir, recordingId), { recursive: true });
  const dir = await ownDirectory(recordingsDir, recordingId);
  if (dir === null) throw new Error(`recording ${recordingId} directory resolves outside the recordings directory`);
  const temporary = path.join(dir, `.${CAPTIONS_FILE}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path.join(dir, CAPTIONS_FILE));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** `People power 2026-11-25.webm`: the title with only characters every file system takes. */
function downloadName(recording: LibraryRecording, kind: MediaKind): string {
  const title = recording.title.replace(/[\p{Cc}<>:"/\\|?*]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'Recording';
  const day = (recording.startedAt ?? recording.requestedAt).toISOString().slice(0, 10);
  return `${title} ${day}${DOWNLOAD_SUFFIX[kind]}`;
}

/** res.sendFile as a promise: range requests (206, 416), ETag and Last-Modified come from it. */
function sendFile(res: Response, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    res.sendFile(file, { acceptRanges: true, cacheControl: false, lastModified: true, dotfiles: 'allow' }, (error?: unknown) => {
      if (!error) return resolve();
      const { status, code } = error as { status?: number; code?: string };
      // The viewer closed the connection (seeking does this all the time).
      if (code === 'ECONNABORTED' || res.headersSent) return resolve();
      if (status === 416) {
        res.removeHeader('Content-Disposition');
        res.status(416).json({ error: { code: 'INVALID_PAYLOAD', message: 'the requested range is not in this file' } });
        return resolve();
      }
      reject(status === 404 ? new AppError('NOT_FOUND', 'this recording file is missing') : (error as Error));
    });
  });
}
