import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { BuzzService } from './buzzService.js';
import type { GroupBroadcaster } from './groupBroadcaster.js';

export interface BuzzHandlerDeps {
  buzz: BuzzService;
  groupAudio: GroupBroadcaster;
}

/** Buzz groups' events: thin; the rules are in BuzzService (and its pure core). */
export function registerBuzzHandlers(on: RegisterHandler, deps: BuzzHandlerDeps): void {
  const { buzz } = deps;
  on('buzz:draft', ({ session }, request) => buzz.draft(session.requireMembership(), request));
  on('buzz:update-draft', ({ session }, change) => buzz.updateDraft(session.requireMembership(), change));
  on('buzz:start', ({ session }, { durationMs }) => buzz.start(session.requireMembership(), durationMs));
  on('buzz:extend', ({ session }, { byMs }) => buzz.extend(session.requireMembership(), byMs));
  on('buzz:end', ({ session }, { countdownMs }) => buzz.end(session.requireMembership(), countdownMs));
  on('buzz:cancel', ({ session }) => buzz.cancel(session.requireMembership()));
  on('buzz:move', ({ session }, { userId, toGroup }) => buzz.move(session.requireMembership(), userId, toGroup));
  on('buzz:choose', ({ session }, { toGroup }) => buzz.choose(session.requireMembership(), toGroup));
  on('buzz:resync', ({ session }) => {
    const { room, peer } = session.requireMembership();
    return buzz.snapshot(room, peer.identity, session.actor().role);
  });
  on('buzz:broadcast', ({ session }, { text }) => {
    buzz.broadcast(session.requireMembership(), text);
    return {};
  });
  on('buzz:call-help', async ({ session }) => {
    await buzz.callHelp(session.requireMembership());
    return {};
  });
  on('buzz:clear-help', async ({ session }, { group }) => {
    await buzz.clearHelp(session.requireMembership(), group);
    return {};
  });
  on('buzz:speak-to-all', async ({ session }, { on: isOn }) => {
    const membership = session.requireMembership();
    return { groups: isOn ? await deps.groupAudio.start(membership) : deps.groupAudio.stop(membership) };
  });
  on('notes:update', async ({ session, socket }, { update }) => {
    await buzz.updateNotes(session.requireMembership(), socket.id, update);
    return {};
  });
}
