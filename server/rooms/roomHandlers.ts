import type { RegisterHandler } from '../realtime/registerHandler.js';
import { joinRoom, leaveRoom, type MembershipDeps } from './membership.js';

export function registerRoomHandlers(on: RegisterHandler, deps: MembershipDeps): void {
  on('room:join', (ctx, request) => joinRoom(ctx, deps, request));
  on('room:leave', async (ctx) => {
    await leaveRoom(ctx, deps);
    return {};
  });
}
