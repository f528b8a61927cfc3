import express, { type Router } from 'express';
import type { AccountGate } from '../accounts/accountGate.js';
import type { AccountService } from '../accounts/accountService.js';
import { answerAppErrors } from '../http/httpErrors.js';
import type { InvitationStore } from '../invitations/invitationStore.js';
import type { Outbox } from '../mail/outbox.js';
import type { GrantRepository } from '../programme/grantRepository.js';
import type { RoomId } from '../../shared/ids.js';
import { createConsoleGuards } from './consoleGuards.js';
import { registerDirectoryRoutes } from './directoryRoutes.js';
import { registerEventRoutes } from './eventRoutes.js';
import { registerFirstRunRoutes } from './firstRunRoutes.js';
import { registerGrantRoutes } from './grantRoutes.js';
import type { ImageStore } from '../images/imageStore.js';
import type { DirectoryRepository } from './directoryRepository.js';
import type { OrganiserRepository } from './organiserRepository.js';
import { registerSessionRoutes } from './sessionRoutes.js';
import { registerRegistrationConsoleRoutes } from './registrationConsoleRoutes.js';
import { registerCallConsoleRoutes } from './callConsoleRoutes.js';
import type { CallRepository } from '../calls/callRepository.js';
import type { DecisionDeps } from '../calls/decisions.js';
import { registerMailingListConsoleRoutes } from './mailingListConsoleRoutes.js';
import type { MailingListRepository } from '../mailing/mailingListRepository.js';
import type { AnnouncementSender } from '../mailing/announcementSender.js';
import type { RegistrationConsoleRepository } from './registrationConsoleRepository.js';
import type { SetupCode } from './setupCode.js';

export interface ConsoleRouteDeps {
  gate: AccountGate;
  grants: GrantRepository;
  organiser: OrganiserRepository;
  /** The events' people and partners. */
  directory: DirectoryRepository;
  /** Registrations as organisers read and export them, and the event's audit log. */
  registrationConsole: RegistrationConsoleRepository;
  /** Calls for participation and their applications. */
  calls: CallRepository;
  /** What an accepted application grants, and the decision's letter. */
  decisions: DecisionDeps;
  /** Each event's mailing list, and the announcements written to it in batches. */
  mailing: MailingListRepository;
  announcements: Pick<AnnouncementSender, 'send'>;
  /** Photos and logos as uploaded, checked and re-encoded. */
  images: Pick<ImageStore, 'accept' | 'remove'>;
  /**
   * A grant changed for this address: whoever holds it and is in one of
   * the event's rooms (or the session's) takes the new role at once.
   */
  rolesChanged(email: string, eventId: string, sessionId?: string): Promise<void>;
  /** These rooms' gates changed (published, unpublished, deleted): every process forgets what it read of them. */
  gatesChanged(roomIds: readonly string[]): Promise<void>;
  /** The first-run screen's code (see setupCode.ts). */
  setupCode: SetupCode;
  /** Every email the platform wrote, for the console's reader. */
  outbox: Pick<Outbox, 'page'>;
  /** The first organiser's account, when the first-run screen makes it. */
  accounts: Pick<AccountService, 'createConfirmed'>;
  /** Invitation links for guests without an account (the same record the rooms' moderators and `npm run invite` use). */
  invitations: Pick<InvitationStore, 'mint' | 'list' | 'revoke'>;
  /** A link was revoked: whoever holds its role in the session's live rooms loses it at once. */
  invitationRevoked(roomId: RoomId, invitationId: string): void;
}

/**
 * `/api/console`: what organisers change. Every route names its event and
 * passes its guard (consoleGuards.ts) before it reads or changes anything;
 * every change carries the CSRF token.
 */
export function createConsoleRouter(deps: ConsoleRouteDeps): Router {
  const router = express.Router();
  router.use(deps.gate.cookies);
  // Nothing here may be cached: it is about who is signed in, and drafts.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  const guards = createConsoleGuards(deps);
  registerFirstRunRoutes(router, deps);
  registerEventRoutes(router, deps, guards);
  registerSessionRoutes(router, deps, guards);
  registerGrantRoutes(router, deps, guards);
  registerDirectoryRoutes(router, deps, guards);
  registerRegistrationConsoleRoutes(router, deps, guards);
  registerCallConsoleRoutes(router, deps, guards);
  registerMailingListConsoleRoutes(router, deps, guards);
  router.use(answerAppErrors);
  return router;
}
