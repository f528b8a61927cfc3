import express, { type Router } from 'express';
import { AppError } from '../../shared/errors.js';
import {
  createInvitationRequestSchema,
  invitationTokenSchema,
  type InvitationSummary,
} from '../../shared/http.js';
import type { InvitationCreated } from '../../shared/invitations.js';
import type { RoomId } from '../../shared/ids.js';
import type { TokenService } from '../auth/tokens.js';
import type { RoomRepository } from '../db/roomRepository.js';
import { answerAppErrors, bearerToken } from '../http/httpErrors.js';
import { describeIssues } from '../realtime/registerHandler.js';
import { OPERATOR, type InvitationStore } from './invitationStore.js';

export interface InvitationRouteDeps {
  tokens: TokenService;
  invitations: InvitationStore;
  rooms: Pick<RoomRepository, 'getRoom' | 'parentOf'>;
}

/**
 * Mounted at `/api/invitations`: what a link grants (the pre-join screen
 * asks before anyone fills in the form), and links minted for operators'
 * commands (`npm run invite`), which prove they hold the server's secret.
 */
export function createInvitationRouter(deps: InvitationRouteDeps): Router {
  const router = express.Router();

  router.get('/:token', async (req, res) => {
    const token = invitationTokenSchema.safeParse(req.params.token);
    if (!token.success) throw new AppError('UNAUTHENTICATED', 'this invitation link is not valid; ask for a new one');
    const invitation = await deps.invitations.check(token.data);
    const room = await deps.rooms.getRoom(invitation.roomId);
    if (!room) throw new AppError('NOT_FOUND', 'the room of this invitation link does not exist any more');
    res.json({
      roomId: room.id,
      roomTitle: room.title,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
    } satisfies InvitationSummary);
  });

  router.post('/', async (req, res) => {
    const token = bearerToken(req);
    if (!token || !(await deps.tokens.verifyInvitationRequest(token))) {
      throw new AppError('UNAUTHENTICATED', 'only the server’s operators may mint links here (npm run invite)');
    }
    const parsed = createInvitationRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new AppError('INVALID_PAYLOAD', describeIssues(parsed.error));
    const { roomId, role, expiresInHours } = parsed.data;
    // Links are to sessions: a buzz group's room takes its members from the session.
    if ((await deps.rooms.parentOf(roomId)) !== null) throw new AppError('NOT_FOUND', `no session has the id "${roomId}"`);
    const created = await deps.invitations.mint({
      roomId: roomId as RoomId,
      role,
      ...(expiresInHours === undefined ? {} : { expiresInHours }),
      by: OPERATOR,
    });
    res.status(201).json(created satisfies InvitationCreated);
  });

  router.use(answerAppErrors);

  return router;
}
