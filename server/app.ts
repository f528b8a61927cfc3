import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenService } from './auth/tokens.js';
import { localUrl, type Config } from './config.js';
import { createHttpApp, type ReadinessCheck } from './http/routes.js';
import type { Logger } from './logger.js';
import { RoomRegistry } from './media/roomRegistry.js';
import type { WorkerPool } from './media/workerPool.js';
import { attachRedisAdapter, type RedisLink } from './realtime/redisAdapter.js';
import { createProcessLiveness } from './realtime/processLiveness.js';
import { createRedisRoomHomes, localRoomHomes } from './rooms/roomHomes.js';
import { finaliseAbandonedRecordings, HEARTBEAT_EVERY_MS } from './recording/abandonedRecordings.js';
import { createRoomBroadcast, withAudienceTap } from './realtime/roomBroadcast.js';
import { ffprobeBeside } from './recording/captureSegments.js';
import { RecordingService } from './recording/recordingService.js';
import type { RoomEvent } from './recording/timelineTracker.js';
import { createSocketServer, handleConnections } from './realtime/socketServer.js';
import type { AppServer } from './realtime/types.js';
import type { RemovalRepository } from './db/removalRepository.js';
import type { RoomRepository } from './db/roomRepository.js';
import type { RoomId } from '../shared/ids.js';
import { Coalescer } from './conversation/coalescer.js';
import { ReactionBursts } from './conversation/reactionBursts.js';
import type { AuditRepository } from './db/auditRepository.js';
import type { ChatRepository } from './db/chatRepository.js';
import type { PollRepository } from './db/pollRepository.js';
import type { QuestionRepository } from './db/questionRepository.js';
import type { RoomControlRepository } from './db/roomControlRepository.js';
import { createAuditLog } from './moderation/auditLog.js';
import { BuzzService } from './buzz/buzzService.js';
import { GroupBroadcaster } from './buzz/groupBroadcaster.js';
import type { BuzzRepository } from './db/buzzRepository.js';
import type { RecordingRepository } from './db/recordingRepository.js';
import type { LibraryRepository } from './db/libraryRepository.js';
import type { ProgrammeRepository } from './programme/programmeRepository.js';
import type { AccountDeps, AccountService } from './accounts/accountService.js';
import type { PackagingRepository } from './db/packagingRepository.js';
import { PackagingQueue } from './recording/packaging/packagingQueue.js';
import { RateLimits } from './realtime/rateLimits.js';
import { createRequestDedupe } from './realtime/requestDedupe.js';
import { JoinCache } from './rooms/joinCache.js';
import { createCacheInvalidation, withCacheInvalidation, type CacheInvalidation } from './realtime/cacheInvalidation.js';
import { createRoleChanges, type RoleChanges } from './rooms/roleChanges.js';
import type { GrantRepository } from './programme/grantRepository.js';
import type { DirectoryRepository } from './console/directoryRepository.js';
import type { RegistrationConsoleRepository } from './console/registrationConsoleRepository.js';
import type { OrganiserRepository } from './console/organiserRepository.js';
import type { ImageStore } from './images/imageStore.js';
import type { SetupCode } from './console/setupCode.js';
import type { Outbox } from './mail/outbox.js';
import type { CallRepository } from './calls/callRepository.js';
import { asRoomId } from '../shared/ids.js';
import type { InvitationRepository } from './db/invitationRepository.js';
import { createInvitationStore } from './invitations/invitationStore.js';
import type { RegistrationRepository } from './registration/registrationRepository.js';
import type { AgendaRepository } from './registration/agendaRepository.js';
import { startRegistrationSweep } from './registration/registrationSweep.js';
import type { MailingListRepository } from './mailing/mailingListRepository.js';
import { createAnnouncementSender } from './mailing/announcementSender.js';

/** How long reactions are counted before one burst goes out, and poll tallies at most this often. */
const REACTION_WINDOW_MS = 300;
const TALLY_WINDOW_MS = 250;

export interface AppDeps {
  config: Pick<
    Config,
    'redisUrl' | 'redisKeyPrefix' | 'livenessTtlMs' | 'registrationSweepMs' | 'rtc' | 'publicUrl' | 'host' | 'port' | 'invitations' | 'stageLimit' | 'reconnectGraceMs' | 'maxMessageBytes' | 'rateLimits' | 'trustedProxies' | 'recordingsDir' | 'ffmpegPath' | 'packagingNiceness'
    | 'frameAncestors' | 'cspConnectSources' | 'serveSourceMaps'
  >;
  logger: Logger;
  /** This process's random id (server/platform.ts): its visits record it, its liveness in Redis is kept by it. */
  processId: string;
  tokens: TokenService;
  rooms: RoomRepository;
  removals: RemovalRepository;
  chat: ChatRepository;
  questions: QuestionRepository;
  polls: PollRepository;
  controls: RoomControlRepository;
  auditEntries: AuditRepository;
  buzzRounds: BuzzRepository;
  recordings: RecordingRepository;
  /** The catch-up library (recorded sessions as people browse and organisers manage them). */
  library: LibraryRepository;
  programme: ProgrammeRepository;
  /** Roles per event and session, by email address. */
  grants: GrantRepository;
  /** Events and sessions as organisers change them. */
  organiser: OrganiserRepository;
  /** Events' people and partners, as organisers keep them. */
  directory: DirectoryRepository;
  /** Registrations as organisers read and export them, and each event's audit log. */
  registrationConsole: RegistrationConsoleRepository;
  /** Uploaded photos and logos. */
  images: ImageStore;
  /** The first-run screen's code, while no event has an organiser. */
  setupCode: SetupCode;
  /** Every email written, for the console's reader; decisions on applications are mailed through it. */
  outbox: Pick<Outbox, 'page' | 'enqueue'>;
  /** Calls for participation and their applications. */
  calls: CallRepository;
  /** Accounts, given where links point and the sign-in limits (both known once the app is built). */
  accounts(env: Pick<AccountDeps, 'linkBase' | 'guard'>): AccountService;
  /** Registrations and waiting lists, and personal agendas, given where their letters' links point. */
  registrations(env: { linkBase(): string }): RegistrationRepository;
  agendas(env: { linkBase(): string }): AgendaRepository;
  mailing(env: { linkBase(): string }): MailingListRepository;
  /** Signs CSRF tokens (derived from the server's secret). */
  csrfSecret: string;
  /** Packaging jobs (one file per session, audio only, thumbnail) after each recording ends. */
  packagingJobs: PackagingRepository;
  /** Invitation links minted for each room (listed and revoked by its moderators). */
  invitationRecords: InvitationRepository;
  pool: WorkerPool;
  /** Database liveness for /readyz. */
  pingDatabase(): Promise<void>;
  /** Where the built client lives. */
  clientDir: string;
}

export interface App {
  httpServer: HttpServer;
  io: AppServer;
  registry: RoomRegistry;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking people in, tells connected clients, closes rooms and connections. */
  shutdown(): Promise<void>;
}

/** Builds the whole HTTP + Socket.IO application without listening (tests inject their own deps). */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, logger, pool } = deps;
  let accepting = true;
  let redis: RedisLink | null = null;

  const readiness: ReadinessCheck[] = [
    { name: 'database', check: () => deps.pingDatabase().then(() => true) },
    { name: 'mediaWorkers', check: () => pool.isReady() },
  ];
  if (config.redisUrl) readiness.push({ name: 'redis', check: () => redis?.isReady() ?? false });

  // Links point at PUBLIC_URL, else at this process as it listens: never at an address a request names.
  let boundPort = config.port;
  const linkBase = () => config.publicUrl ?? localUrl(config.host, boundPort);
  const invitations = createInvitationStore({
    tokens: deps.tokens,
    repository: deps.invitationRecords,
    limits: config.invitations,
    linkBase,
  });
  const registrations = deps.registrations({ linkBase });
  const agendas = deps.agendas({ linkBase });
  const mailing = deps.mailing({ linkBase });
  const announcements = createAnnouncementSender({ mailing, logger });
  const limits: { current?: RateLimits } = {};
  // Built below, once the rooms and Socket.IO exist; the console's changes reach them through these.
  const live: { roleChanges?: RoleChanges; invalidation?: CacheInvalidation } = {};
  /** A grant changed for this address: whoever holds it, in one of the event's rooms (or the session's), takes the new role at once. */
  const rolesChanged = async (email: string, eventId: string, sessionId?: string) => {
    const accountId = await deps.grants.accountWithEmail(email);
    if (!accountId || !live.roleChanges) return;
    live.roleChanges.apply(accountId, await deps.grants.roomRolesOf(email, eventId, sessionId));
  };
  const http = createHttpApp({
    logger,
    tokens: deps.tokens,
    invitations,
    rooms: deps.rooms,
    programme: deps.programme,
    linkBase,
    accounts: deps.accounts({ linkBase, guard: () => limits.current }),
    registrations,
    agendas,
    csrfSecret: deps.csrfSecret,
    grants: deps.grants,
    organiser: deps.organiser,
    directory: deps.directory,
    registrationConsole: deps.registrationConsole,
    calls: deps.calls,
    mailing,
    announcements,
    decisions: { calls: deps.calls, grants: deps.grants, organiser: deps.organiser, outbox: deps.outbox, rolesChanged, linkBase },
    images: deps.images,
    rolesChanged,
    setupCode: deps.setupCode,
    outbox: deps.outbox,
    // As a moderator's revocation in the room does (server/invitations/invitationHandlers.ts).
    invitationRevoked: (roomId, invitationId) => {
      for (const room of registry.ofSession(roomId)) room.evictHoldersOf(invitationId);
    },
    gatesChanged: async (roomIds) => {
      await Promise.all(roomIds.map((roomId) => live.invalidation?.changedEverywhere('room', roomId)));
    },
    secureCookies: (config.publicUrl ?? '').startsWith('https:'),
    controls: deps.controls,
    library: deps.library,
    recordings: deps.recordings,
    recordingsDir: config.recordingsDir,
    readiness,
    // The limits are built below, once Redis (which keeps their counts) is attached.
    identityBudget: (address) => limits.current?.identityMinted(address) ?? Promise.resolve(null),
    trustedProxies: config.trustedProxies,
    isAccepting: () => accepting,
    clientDir: deps.clientDir,
    securityHeaders: { publicUrl: config.publicUrl, frameAncestors: config.frameAncestors, connectSources: config.cspConnectSources },
    serveSourceMaps: config.serveSourceMaps,
  });
  // The HTTP app first: Socket.IO wraps the server's request listeners when it attaches.
  const httpServer = createServer(http);
  const io = createSocketServer(httpServer, { tokens: deps.tokens, maxMessageBytes: config.maxMessageBytes });
  // Recordings hear what each session's audience saw (their timeline), so they are created before any broadcast.
  // (The service is set below: it broadcasts through these too.)
  const tap: { recording?: RecordingService } = {};
  // What every joiner reads, read once per change; a change is forgotten as
  // it is broadcast, on every process (server/realtime/cacheInvalidation.ts).
  const joinCache = new JoinCache(deps);
  const invalidation = createCacheInvalidation({
    io,
    cache: joinCache,
    isShared: () => redis !== null,
    // A room's controls changed (maybe on another process): its live room here follows its roster rule.
    onRoomChanged: async (roomId) => {
      const room = registry.get(asRoomId(roomId));
      const facts = room?.isOpen ? await joinCache.roomFacts(roomId) : null;
      if (room && facts) room.setRosterVisible(facts.controls.isRosterVisible, facts.readSeq);
      // Unpublished (or its event): only organisers stay.
      await keepDraftsToOrganisers(roomId);
    },
    logger,
  });
  live.invalidation = invalidation;
  /**
   * A draft's room (and its buzz groups') on this process keeps the
   * event's organisers alone: after the session or its event is
   * unpublished, or someone's organiser role is taken back.
   */
  const keepDraftsToOrganisers = async (roomId: string) => {
    const rooms = registry.ofSession(asRoomId(roomId));
    const gate = rooms.length > 0 ? (await joinCache.roomFacts(roomId))?.programme : null;
    if (!gate?.isDraft) return;
    const userIdOf = new Map<string, string>();
    for (const room of rooms) for (const peer of room.peerList()) if (peer.identity.accountId) userIdOf.set(peer.identity.accountId, peer.identity.userId);
    const organising = await deps.grants.organisersAmong(gate.eventId, [...userIdOf.keys()]);
    const kept = new Set([...organising].map((accountId) => userIdOf.get(accountId)!));
    for (const room of rooms) room.keepOnly(kept);
  };
  const broadcastTo = (roomId: RoomId) =>
    withCacheInvalidation(
      withAudienceTap(createRoomBroadcast(io, roomId), (event, payload) =>
        tap.recording?.observe(roomId, { event, payload } as RoomEvent),
      ),
      roomId,
      invalidation,
    );
  const registry = new RoomRegistry({
    pool,
    transportSettings: {
      listenIp: config.rtc.listenIp,
      // Browsers cannot send to 0.0.0.0: config.ts chose an address they can
      // reach (index.ts says which at start-up).
      announcedIp: config.rtc.announced.ip,
      initialAvailableOutgoingBitrate: 1_000_000,
    },
    stageLimit: config.stageLimit,
    reconnectGraceMs: config.reconnectGraceMs,
    broadcastTo,
    logger,
  });
  live.roleChanges = createRoleChanges({
    io,
    registry,
    isShared: () => redis !== null,
    logger,
    afterApplied: (roomId) =>
      keepDraftsToOrganisers(roomId).catch((error: unknown) => logger.warn({ err: error, roomId }, 'a draft’s room did not follow a role change')),
  });
  // Redis before the handlers: per-person rate budgets are kept there.
  if (config.redisUrl) {
    redis = await attachRedisAdapter(io, { url: config.redisUrl, keyPrefix: config.redisKeyPrefix }, logger, (where) => {
      // Broadcasts were lost: caches forget what they may have missed changing, and clients
      // ask the database for what they missed (shared/changeSequence.ts).
      logger.warn({ where }, 'broadcasts may have been missed: clients are told to catch up');
      invalidation.lost(where === 'everywhere');
      (where === 'everywhere' ? io : io.local).emit('room:check', {});
    });
  }
  const reactions = new ReactionBursts(REACTION_WINDOW_MS, (roomId, counts) =>
    broadcastTo(roomId).toAll('reaction:burst', { counts }),
  );
  const tallyWindow = new Coalescer(TALLY_WINDOW_MS);
  const audit = createAuditLog({ audit: deps.auditEntries, broadcastTo, logger });
  const buzz = new BuzzService({
    buzzRounds: deps.buzzRounds,
    registry,
    broadcastTo,
    audit,
    logger,
    lastOutputs: (sessionId) => joinCache.buzzOutputs(sessionId),
    onGroupRoomsCreated: (roomIds) => joinCache.primeNewRooms(roomIds),
  });
  // Packaging runs at the lowest priority (by default), one job at a time per process; ending a recording pokes it.
  const packaging = new PackagingQueue({
    jobs: deps.packagingJobs,
    recordings: deps.recordings,
    recordingsDir: config.recordingsDir,
    ffmpegPath: config.ffmpegPath,
    niceness: config.packagingNiceness,
    logger,
  });
  const pokePackaging = () => void packaging.poke();
  const recordingService = new RecordingService({
    recordings: deps.recordings,
    recordingsDir: config.recordingsDir,
    ffmpegPath: config.ffmpegPath,
    autoRecordOf: async (roomId) => (await deps.controls.controls(roomId))?.autoRecord ?? false,
    broadcastTo,
    logger,
    onFinished: pokePackaging,
  });
  tap.recording = recordingService;
  registry.onOpened((room) => recordingService.roomOpened(room));
  // Recordings a dead process left unfinished are finalised as partial: now, and on every later sweep.
  const sweepRecordings = () =>
    finaliseAbandonedRecordings(
      {
        recordings: deps.recordings,
        logger,
        recordingsDir: config.recordingsDir,
        ffprobePath: ffprobeBeside(config.ffmpegPath),
        onFinalised: pokePackaging,
      },
      Date.now(),
    ).catch((error: unknown) =>
      logger.error({ err: error }, 'abandoned recordings not finalised'),
    );
  await sweepRecordings();
  const recordingSweep = setInterval(() => void sweepRecordings(), HEARTBEAT_EVERY_MS);
  recordingSweep.unref();
  packaging.start();
  // Offers that lapsed pass to the next in line; reminders go out (from every process: each is claimed once).
  const registrationSweep = startRegistrationSweep({
    tasks: [
      () => registrations.settleLapsedOffers(),
      () => agendas.sendDueReminders(),
      () => registrations.forgetAccessNeeds(),
      () => mailing.forgetUnconfirmed(),
      () => announcements.resumeStalled(),
    ],
    logger,
    everyMs: config.registrationSweepMs,
  });
  // This process's address as browsers reach it (PUBLIC_URL's default): where a buzz group's members are sent to meet.
  const selfUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const roomHomes = redis
    ? createRedisRoomHomes({ redis: redis.commands, keyPrefix: config.redisKeyPrefix, selfUrl, logger })
    : localRoomHomes;
  // A process killed outright leaves its people listed elsewhere and their visits open: the survivors end both.
  const liveness = createProcessLiveness({
    processId: deps.processId,
    redis: redis ? { client: redis.commands, keyPrefix: config.redisKeyPrefix } : null,
    rooms: deps.rooms,
    announceLeft: (roomId, peerId) => broadcastTo(roomId).toAll('peer:left', { peerId }),
    ttlMs: config.livenessTtlMs,
    graceMs: config.reconnectGraceMs,
    logger,
  });
  await liveness.start();
  const rateLimits = new RateLimits(
    config.rateLimits,
    logger,
    redis ? { client: redis.commands, keyPrefix: config.redisKeyPrefix } : undefined,
  );
  limits.current = rateLimits;
  handleConnections(io, {
    ...deps,
    registrations,
    registry,
    broadcastTo,
    joinCache,
    invalidation,
    invitations,
    audit,
    buzz,
    recording: recordingService,
    roomHomes,
    groupAudio: new GroupBroadcaster({ registry, buzzRounds: deps.buzzRounds, logger }),
    reactions,
    tallyWindow,
    rateLimits,
    // Retried votes and reactions are answered once, across processes (kept in Redis, like the rate budgets).
    dedupe: createRequestDedupe(logger, redis ? { client: redis.commands, keyPrefix: config.redisKeyPrefix } : undefined),
    trustedProxies: config.trustedProxies,
  });

  return {
    httpServer,
    io,
    registry,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          boundPort = (httpServer.address() as AddressInfo).port;
          resolve(boundPort);
        });
      });
    },
    async shutdown() {
      if (!accepting) return;
      accepting = false;
      logger.info('shutting down');
      io.local.emit('server:shutting-down', { message: 'The server is restarting; you will be reconnected.' });
      // Recordings first: each ffmpeg finishes its files while the media still flows.
      await recordingService.close();
      registry.closeAll('shutdown');
      reactions.close();
      tallyWindow.close();
      buzz.close();
      clearInterval(recordingSweep);
      await registrationSweep.stop();
      await announcements.close();
      // A job cut short goes back to waiting, for the next process to take at once.
      await packaging.close();
      roomHomes.close();
      // io.close() disconnects every socket and closes the HTTP server.
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      // Off the list before the connection goes (bounded: Redis may be down); our own visits closed with the rooms.
      await liveness.stop();
      await redis?.close();
      await pool.close();
    },
  };
}
