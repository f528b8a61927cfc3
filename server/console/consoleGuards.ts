import type { Request } from 'express';
import type { AccountView } from '../../shared/accounts.js';
import { AppError } from '../../shared/errors.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';
import type { SessionRef } from './organiserRepository.js';

/**
 * Who may do what in the console, checked by every route before anything
 * is read or changed: an event's organisers (someone with no role there is
 * told it does not exist, so drafts stay unseen; anyone else that they may
 * not), a session looked up within its event only, and the platform's
 * administrators.
 */
export interface ConsoleGuards {
  organiserOf(req: Request): Promise<{ account: AccountView; eventId: string }>;
  adminOf(req: Request): Promise<AccountView>;
  sessionOf(req: Request): Promise<SessionRef>;
  /** The session's live room: invitation links lead there (sessions in person have none). */
  roomOf(req: Request): Promise<{ account: AccountView; roomId: RoomId }>;
}

export function createConsoleGuards({ gate, grants, organiser }: Pick<ConsoleRouteDeps, 'gate' | 'grants' | 'organiser'>): ConsoleGuards {
  const guards: ConsoleGuards = {
    async organiserOf(req) {
      const account = await gate.signedIn(req);
      const eventId = String(req.params.eventId);
      const role = await grants.eventRoleOf(account.id, eventId);
      if (role === null) throw new AppError('NOT_FOUND', 'no such event');
      if (role !== 'organiser') throw new AppError('FORBIDDEN', 'only the event’s organisers may do this');
      return { account, eventId };
    },
    async adminOf(req) {
      const account = await gate.signedIn(req);
      if (!(await grants.isAdmin(account.id))) throw new AppError('FORBIDDEN', 'only the platform’s administrators may do this');
      return account;
    },
    async sessionOf(req) {
      const { eventId } = await guards.organiserOf(req);
      const session = await organiser.sessionIn(eventId, String(req.params.sessionId));
      if (!session) throw new AppError('NOT_FOUND', 'no such session in this event');
      return session;
    },
    async roomOf(req) {
      const { account } = await guards.organiserOf(req);
      const session = await guards.sessionOf(req);
      if (!session.roomId) throw new AppError('CONFLICT', 'this session takes place in person: it has no room to invite to');
      return { account, roomId: asRoomId(session.roomId) };
    },
  };
  return guards;
}
