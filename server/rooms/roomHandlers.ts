import type { RegisterHandler } from '../realtime/registerHandler.js';
import { joinRoom, leaveRoom, type MembershipDeps } from './membership.js';

/** A page of the audience when the client does not say how many. */
const AUDIENCE_PAGE_SIZE = 100;

export function registerRoomHandlers(on: RegisterHandler, deps: MembershipDeps): void {
  on('room:join', (ctx, request) => joinRoom(ctx, deps, request));
  on('room:leave', async (ctx) => {
    await leaveRoom(ctx, deps);
    return {};
  });
  // Who may ask is the permission table's business ('roster:read').
  on('peers:list', ({ session }, { after = 0, limit = AUDIENCE_PAGE_SIZE }) =>
    session.requireMembership().room.audiencePage(after, limit),
  );
}
