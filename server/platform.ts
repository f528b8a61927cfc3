import { createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from './app.js';
import { createTokenService, resolveTokenSecret, type TokenService } from './auth/tokens.js';
import { localUrl, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { createAuditRepository } from './db/auditRepository.js';
import { createBuzzRepository } from './db/buzzRepository.js';
import { createRecordingRepository } from './db/recordingRepository.js';
import { createLibraryRepository } from './db/libraryRepository.js';
import { createPackagingRepository } from './db/packagingRepository.js';
import { createChatRepository } from './db/chatRepository.js';
import { createPollRepository } from './db/pollRepository.js';
import { createQuestionRepository } from './db/questionRepository.js';
import { createRemovalRepository } from './db/removalRepository.js';
import { createInvitationRepository } from './db/invitationRepository.js';
import { createRoomControlRepository } from './db/roomControlRepository.js';
import { createRoomRepository } from './db/roomRepository.js';
import { seedDemoEdition } from './db/seed.js';
import { createGrantRepository } from './programme/grantRepository.js';
import { createDirectoryRepository } from './console/directoryRepository.js';
import { createRegistrationConsoleRepository } from './console/registrationConsoleRepository.js';
import { createCallRepository } from './calls/callRepository.js';
import { createOrganiserRepository } from './console/organiserRepository.js';
import { createImageStore } from './images/imageStore.js';
import { createSetupCode } from './console/setupCode.js';
import { createProgrammeRepository } from './programme/programmeRepository.js';
import { AccountService } from './accounts/accountService.js';
import { MailSender } from './mail/mailSender.js';
import { createOutbox } from './mail/outbox.js';
import type { Logger } from './logger.js';
import { WorkerPool } from './media/workerPool.js';
import { createRegistrationRepository } from './registration/registrationRepository.js';
import { createAgendaRepository } from './registration/agendaRepository.js';
import { createMailingListRepository } from './mailing/mailingListRepository.js';
import { createMemberLinks } from './mailing/memberLinks.js';

export interface Platform {
  app: App;
  db: Database;
  pool: WorkerPool;
  /** Signs identities, and operators' requests for invitation links (tests ask for links with it, as `npm run invite` does). */
  tokens: TokenService;
  port: number;
  url: string;
  /** Graceful stop: app first (clients told), then the database. */
  stop(): Promise<void>;
}

/** The repository root, from sources (server/) or from the build (dist/server/server/). */
function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return here.includes(`${path.sep}dist${path.sep}`) ? path.resolve(here, '../../..') : path.resolve(here, '..');
}

/** Opens the database, starts the media workers and the app, and listens. */
export async function startPlatform(config: Config, logger: Logger): Promise<Platform> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, timeouts: config.database });
  try {
    if (config.demo) await seedDemoEdition(db.prisma);
    const pool = await WorkerPool.create({
      size: config.mediaWorkers,
      rtcMinPort: config.rtc.minPort,
      rtcMaxPort: config.rtc.maxPort,
      logger,
    });
    const secret = await resolveTokenSecret(config.tokenSecret, config.dataDir);
    const tokens = createTokenService(secret);
    // Every email is written to the outbox first; with SMTP configured, a sender delivers and retries.
    const mailSender = config.mail.smtpUrl
      ? new MailSender({ prisma: db.prisma, smtpUrl: config.mail.smtpUrl, from: config.mail.from, logger })
      : null;
    const outbox = createOutbox(db.prisma, { isSending: mailSender !== null, onQueued: () => mailSender?.wake() });
    // New at each start: what a process left open is told apart from what the live ones hold (server/realtime/processLiveness.ts).
    const processId = randomUUID();
    const organiser = createOrganiserRepository(db.prisma);
    const setupCode = createSetupCode(config.dataDir);
    // No organiser anywhere yet: the first-run screen (/console/setup) takes the code written here (never logged).
    if (!(await organiser.hasOrganiser())) {
      logger.info({ file: await setupCode.ensure() }, 'no organiser yet: open /console/setup and enter the code kept in this file');
    }
    const app = await createApp({
      config,
      logger,
      processId,
      tokens,
      rooms: createRoomRepository(db.prisma, { processId }),
      removals: createRemovalRepository(db.prisma),
      chat: createChatRepository(db.prisma),
      questions: createQuestionRepository(db.prisma),
      polls: createPollRepository(db.prisma),
      controls: createRoomControlRepository(db.prisma),
      auditEntries: createAuditRepository(db.prisma),
      buzzRounds: createBuzzRepository(db.prisma),
      recordings: createRecordingRepository(db.prisma),
      library: createLibraryRepository(db.prisma),
      programme: createProgrammeRepository(db.prisma),
      grants: createGrantRepository(db.prisma),
      organiser,
      directory: createDirectoryRepository(db.prisma),
      registrationConsole: createRegistrationConsoleRepository(db.prisma),
      calls: createCallRepository(db.prisma),
      // Photos and logos, re-encoded (server/images/imageStore.ts); processes sharing DATA_DIR share them.
      images: createImageStore(path.join(config.dataDir, 'images')),
      setupCode,
      outbox,
      accounts: (env) => new AccountService({ prisma: db.prisma, outbox, logger, ...env }),
      registrations: (env) => createRegistrationRepository({ prisma: db.prisma, write: outbox.write, written: outbox.wake, ...env }),
      agendas: (env) => createAgendaRepository({ prisma: db.prisma, write: outbox.write, written: outbox.wake, ...env }),
      mailing: (env) =>
        createMailingListRepository({
          prisma: db.prisma,
          links: createMemberLinks(createHmac('sha256', secret).update('convene mailing list').digest('base64url')),
          write: outbox.write,
          written: outbox.wake,
          ...env,
        }),
      csrfSecret: createHmac('sha256', secret).update('convene csrf').digest('base64url'),
      packagingJobs: createPackagingRepository(db.prisma),
      invitationRecords: createInvitationRepository(db.prisma),
      pool,
      pingDatabase: () => db.ping(),
      clientDir: config.clientDir ?? path.join(repoRoot(), 'dist', 'client'),
    });
    const port = await app.listen(config.port, config.host);
    mailSender?.start();
    return {
      app,
      db,
      pool,
      tokens,
      port,
      url: config.publicUrl ?? localUrl(config.host, port),
      async stop() {
        await app.shutdown();
        await mailSender?.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
