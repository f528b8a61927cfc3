import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import { AppError } from '../../shared/errors.js';
import { createIdentityRequestSchema, type CreateIdentityResponse, type RoomInfo } from '../../shared/http.js';
import { roomIdSchema } from '../../shared/ids.js';
import type { Invitation, TokenService } from '../auth/tokens.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import { createInvitationRouter } from '../invitations/invitationRoutes.js';
import type { InvitationStore } from '../invitations/invitationStore.js';
import type { Logger } from '../logger.js';
import { describeIssues } from '../realtime/registerHandler.js';
import type { RoomRepository } from '../db/roomRepository.js';
import type { LibraryRepository } from '../db/libraryRepository.js';
import type { RecordingRepository } from '../db/recordingRepository.js';
import { createAccountRouter } from '../accounts/accountRoutes.js';
import { createAccountGate } from '../accounts/accountGate.js';
import { seesDrafts } from '../../shared/eventRoles.js';
import { createConsoleRouter, type ConsoleRouteDeps } from '../console/consoleRoutes.js';
import type { DirectoryRepository } from '../console/directoryRepository.js';
import type { OrganiserRepository } from '../console/organiserRepository.js';
import type { ImageStore } from '../images/imageStore.js';
import { createImageRouter } from '../images/imageRoutes.js';
import type { GrantRepository } from '../programme/grantRepository.js';
import type { AccountService } from '../accounts/accountService.js';
import { createProgrammeRouter } from '../programme/programmeRoutes.js';
import type { ProgrammeRepository } from '../programme/programmeRepository.js';
import { createRecordingRouter } from './recordingRoutes.js';
import type { AgendaRepository } from '../registration/agendaRepository.js';
import type { RegistrationRepository } from '../registration/registrationRepository.js';
import { createRegistrationRouter } from '../registration/registrationRoutes.js';
import { createCallRouter } from '../calls/callRoutes.js';
import { createMailingListRouter } from '../mailing/mailingListRoutes.js';
import { answerDatabaseUnavailable, sendAppError } from './httpErrors.js';
import { limitByAddress, type AddressBudget } from './addressLimit.js';
import { requestLogFields } from './logRedaction.js';
import { createClientAssets } from './clientAssets.js';
import { createReadinessProbe, type ReadinessCheck } from './readiness.js';
import { createCspReportRouter } from './cspReports.js';
import { CSP_REPORT_PATH, createSecurityHeaders, type SecurityHeaderSettings } from './securityHeaders.js';

export type { ReadinessCheck } from './readiness.js';

export interface HttpDeps {
  logger: Logger;
  tokens: TokenService;
  /** Invitation links: checked and counted when an identity is issued from one. */
  invitations: InvitationStore;
  rooms: RoomRepository;
  /** The public programme: published events, sessions, speakers. */
  programme: ProgrammeRepository;
  /** Where this platform's pages are (PUBLIC_URL, or this process), for links in files it serves. */
  linkBase(): string;
  accounts: AccountService;
  /** Registrations, waiting lists and personal agendas. */
  registrations: RegistrationRepository;
  agendas: AgendaRepository;
  csrfSecret: string;
  /** Roles per event and session, by email address. */
  grants: GrantRepository;
  /** Events and sessions as organisers change them. */
  organiser: OrganiserRepository;
  /** Events' people and partners. */
  directory: DirectoryRepository;
  /** Uploaded photos and logos, served at /api/images/:file. */
  images: ImageStore;
  /** See ConsoleRouteDeps: a grant changed, or rooms' gates did. */
  rolesChanged: ConsoleRouteDeps['rolesChanged'];
  gatesChanged: ConsoleRouteDeps['gatesChanged'];
  setupCode: ConsoleRouteDeps['setupCode'];
  registrationConsole: ConsoleRouteDeps['registrationConsole'];
  calls: ConsoleRouteDeps['calls'];
  decisions: ConsoleRouteDeps['decisions'];
  mailing: ConsoleRouteDeps['mailing'];
  announcements: ConsoleRouteDeps['announcements'];
  outbox: ConsoleRouteDeps['outbox'];
  invitationRevoked: ConsoleRouteDeps['invitationRevoked'];
  /** Cookies only over HTTPS (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Whether a room is locked, for its page before joining. */
  controls: Pick<RoomControlRepository, 'controls'>;
  /** The catch-up library: recorded sessions, their access and captions. */
  library: LibraryRepository;
  /** Recordings' timelines, for the replay page. */
  recordings: Pick<RecordingRepository, 'replaySources'>;
  /** Absolute; the media the library serves lives below it, one directory per recording. */
  recordingsDir: string;
  readiness: ReadinessCheck[];
  /** Identities minted per network address (RateLimits.identityMinted). */
  identityBudget: AddressBudget;
  /** Proxies in front whose X-Forwarded-For is believed (TRUST_PROXY). */
  trustedProxies: number;
  /** False once shutdown began: load balancers should stop sending people here. */
  isAccepting(): boolean;
  /** The built client (vite build output), if present. */
  clientDir: string;
  /** What the security headers allow beyond this origin (default: nothing). */
  securityHeaders?: SecurityHeaderSettings;
  /** Whether the client's source maps are served (SERVE_SOURCE_MAPS; default: not). */
  serveSourceMaps?: boolean;
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
      // The URL and headers are redacted by the logger itself (logRedaction.ts).
      serializers: { req: requestLogFields },
    }),
  );
  app.use(createSecurityHeaders(deps.securityHeaders ?? { publicUrl: undefined, frameAncestors: [], connectSources: [] }));
  // Before the JSON parser: reports have their own content type and a smaller size limit.
  app.use(CSP_REPORT_PATH, createCspReportRouter({ logger: deps.logger, trustedProxies: deps.trustedProxies }));
  app.use(express.json({ limit: '16kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  // Each check bound by a deadline, so a hanging one (a stalled database) answers 503 in time.
  const probeReadiness = createReadinessProbe(deps.readiness);
  app.get('/readyz', async (_req, res) => {
    const results = await probeReadiness();
    const checks = Object.fromEntries(results);
    const ready = deps.isAccepting() && results.every(([, passed]) => passed);
    res.status(ready ? 200 : 503).json({ ok: ready, accepting: deps.isAccepting(), checks });
  });

  /** Identity for a name; with an invitation, the invitation's role in its room. */
  app.post('/api/identity', limitByAddress(deps.identityBudget, deps.trustedProxies, 'new identities'), async (req, res) => {
    const parsed = createIdentityRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'INVALID_PAYLOAD', message: describeIssues(parsed.error) } });
      return;
    }
    const { displayName, invitation: link } = parsed.data;
    let invitation: Invitation | undefined;
    try {
      // A revoked or expired link is refused with its own code; a good one counts a use.
      invitation = link ? await deps.invitations.redeem(link) : undefined;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      sendAppError(res, error);
      return;
    }
    const issued = await deps.tokens.issue({ displayName, ...(invitation ? { invitation } : {}) });
    res.status(201).json(issued satisfies CreateIdentityResponse);
  });

  /** What an invitation grants, for the pre-join screen; links for operators' commands. */
  app.use('/api/invitations', createInvitationRouter({ tokens: deps.tokens, invitations: deps.invitations, rooms: deps.rooms }));

  const accountGate = createAccountGate({ accounts: deps.accounts, csrfSecret: deps.csrfSecret, secureCookies: deps.secureCookies });
  app.use(
    '/api/account',
    createAccountRouter({
      accounts: deps.accounts,
      gate: accountGate,
      trustedProxies: deps.trustedProxies,
      addressBudget: deps.identityBudget,
      issueIdentity: (account, roomId) => deps.tokens.issueForAccount({ accountId: account.id, displayName: account.displayName, roomId }),
    }),
  );
  // What the public programme read before an organiser's change is read again after it (programmeRoutes.ts).
  const programmeChanged: (() => void)[] = [];
  const afterConsoleChange: RequestHandler = (req, res, next) => {
    if (req.method === 'POST') res.on('finish', () => programmeChanged.forEach((forget) => forget()));
    next();
  };
  app.use(
    '/api/console',
    afterConsoleChange,
    createConsoleRouter({
      gate: accountGate,
      grants: deps.grants,
      organiser: deps.organiser,
      directory: deps.directory,
      registrationConsole: deps.registrationConsole,
      calls: deps.calls,
      decisions: deps.decisions,
      mailing: deps.mailing,
      announcements: deps.announcements,
      images: deps.images,
      rolesChanged: deps.rolesChanged,
      gatesChanged: deps.gatesChanged,
      setupCode: deps.setupCode,
      outbox: deps.outbox,
      accounts: deps.accounts,
      invitations: deps.invitations,
      invitationRevoked: deps.invitationRevoked,
    }),
  );
  app.use('/api/images', createImageRouter(deps.images));
  app.use('/api', createMailingListRouter({ gate: accountGate, mailing: deps.mailing, addressBudget: deps.identityBudget, trustedProxies: deps.trustedProxies }));
  app.use('/api', createCallRouter({ gate: accountGate, calls: deps.calls, organiser: deps.organiser, gatesChanged: deps.gatesChanged }));
  // Before the public programme: one's own registration for its events and sessions.
  app.use('/api', createRegistrationRouter({ gate: accountGate, registrations: deps.registrations, agendas: deps.agendas, linkBase: deps.linkBase }));
  app.use('/api', createProgrammeRouter({ programme: deps.programme, linkBase: deps.linkBase, onChange: (forget) => programmeChanged.push(forget) }));

  app.get('/api/rooms', async (_req, res) => {
    res.json(await deps.rooms.listRooms());
  });

  /** One room, for its page before anyone fills in the form: does it exist, is it locked. */
  /** A draft's room (its session or event unpublished) exists for the event's organisers alone, as joining it does. */
  const mayEnter = async (req: Request, roomId: string): Promise<boolean> => {
    const gate = (await deps.rooms.joinFacts(roomId))?.programme;
    if (!gate?.isDraft) return true;
    const account = await accountGate.signedIn(req).catch(() => null);
    return account !== null && seesDrafts(await deps.grants.eventRoleOf(account.id, gate.eventId));
  };

  app.get('/api/rooms/:roomId', accountGate.cookies, async (req, res) => {
    const roomId = roomIdSchema.safeParse(req.params.roomId);
    const [room, controls] = roomId.success
      ? await Promise.all([deps.rooms.getRoom(roomId.data), deps.controls.controls(roomId.data)])
      : [null, null];
    if (!room || !controls || !(await mayEnter(req, room.id))) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'this room does not exist' } });
      return;
    }
    res.json({ id: room.id, title: room.title, isLocked: controls.isLocked } satisfies RoomInfo);
  });

  app.use(
    '/api/recordings',
    createRecordingRouter({
      logger: deps.logger,
      tokens: deps.tokens,
      library: deps.library,
      recordings: deps.recordings,
      recordingsDir: deps.recordingsDir,
      invitations: deps.invitations,
      grants: deps.grants,
      registrations: deps.registrations,
    }),
  );

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
  });

  const clientAssets = createClientAssets({ clientDir: deps.clientDir, serveSourceMaps: deps.serveSourceMaps ?? false });
  if (clientAssets) {
    app.use(clientAssets);
  } else {
    deps.logger.warn({ clientDir: deps.clientDir }, 'client not built; run `npm run build:client`');
  }

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'INVALID_PAYLOAD', message: 'malformed request' } });
      return;
    }
    if (answerDatabaseUnavailable(error, req, res)) return;
    deps.logger.error({ err: error, url: req.originalUrl }, 'request failed');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'something went wrong on the server' } });
  });

  return app;
}
