import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import {
  createIdentityRequestSchema,
  invitationTokenSchema,
  type CreateIdentityResponse,
  type InvitationSummary,
} from '../../shared/http.js';
import type { TokenService } from '../auth/tokens.js';
import type { Logger } from '../logger.js';
import { describeIssues } from '../realtime/registerHandler.js';
import type { RoomRepository } from '../db/roomRepository.js';
import type { LibraryRepository } from '../db/libraryRepository.js';
import type { RecordingRepository } from '../db/recordingRepository.js';
import { createRecordingRouter } from './recordingRoutes.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
}

export interface HttpDeps {
  logger: Logger;
  tokens: TokenService;
  rooms: RoomRepository;
  /** The catch-up library: recorded sessions, their access and captions. */
  library: LibraryRepository;
  /** Recordings' timelines, for the replay page. */
  recordings: Pick<RecordingRepository, 'timeline'>;
  /** Absolute; the media the library serves lives below it, one directory per recording. */
  recordingsDir: string;
  readiness: ReadinessCheck[];
  /** False once shutdown began: load balancers should stop sending people here. */
  isAccepting(): boolean;
  /** The built client (vite build output), if present. */
  clientDir: string;
}

/** The HTTP side: health, identity tokens, the room list, the catch-up library and the built client. */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: deps.logger,
      // Keep a caller's request id (from a proxy) so its logs line up with ours.
      genReqId: (req, res) => {
        const id = typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(express.json({ limit: '16kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      deps.readiness.map(async ({ name, check }) => [name, await Promise.resolve(check()).catch(() => false)] as const),
    );
    const checks = Object.fromEntries(results);
    const ready = deps.isAccepting() && results.every(([, passed]) => passed);
    res.status(ready ? 200 : 503).json({ ok: ready, accepting: deps.isAccepting(), checks });
  });

  const invalidInvitation = (res: Response) =>
    res.status(401).json({
      error: { code: 'UNAUTHENTICATED', message: 'this invitation link is invalid or has expired; ask for a new one' },
    });

  /** Identity for a name; with an invitation, the invitation's role in its room. */
  app.post('/api/identity', async (req, res) => {
    const parsed = createIdentityRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'INVALID_PAYLOAD', message: describeIssues(parsed.error) } });
      return;
    }
    const { displayName, invitation: link } = parsed.data;
    const invitation = link ? await deps.tokens.verifyInvitation(link) : undefined;
    if (invitation === null) {
      invalidInvitation(res);
      return;
    }
    const issued = await deps.tokens.issue({ displayName, ...(invitation ? { invitation } : {}) });
    res.status(201).json(issued satisfies CreateIdentityResponse);
  });

  /** What an invitation grants, for the pre-join screen ("you are invited as a speaker"). */
  app.get('/api/invitations/:token', async (req, res) => {
    const token = invitationTokenSchema.safeParse(req.params.token);
    const invitation = token.success ? await deps.tokens.verifyInvitation(token.data) : null;
    const room = invitation ? await deps.rooms.getRoom(invitation.roomId) : null;
    if (!invitation || !room) {
      invalidInvitation(res);
      return;
    }
    res.json({
      roomId: room.id,
      roomTitle: room.title,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
    } satisfies InvitationSummary);
  });

  app.get('/api/rooms', async (_req, res) => {
    res.json(await deps.rooms.listRooms());
  });

  app.use(
    '/api/recordings',
    createRecordingRouter({
      logger: deps.logger,
      tokens: deps.tokens,
      library: deps.library,
      recordings: deps.recordings,
      recordingsDir: deps.recordingsDir,
    }),
  );

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
  });

  const indexHtml = path.join(deps.clientDir, 'index.html');
  if (existsSync(indexHtml)) {
    app.use(express.static(deps.clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/r/:roomId) all load the same page.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.sendFile(indexHtml, { maxAge: 0 });
    });
  } else {
    deps.logger.warn({ clientDir: deps.clientDir }, 'client not built; run `npm run build:client`');
  }

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'INVALID_PAYLOAD', message: 'malformed request' } });
      return;
    }
    deps.logger.error({ err: error, url: req.url }, 'request failed');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'something went wrong on the server' } });
  });

  return app;
}
