import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { ReactionBursts } from './reactionBursts.js';

export interface ReactionDeps {
  reactions: ReactionBursts;
}

/** Reactions are not stored: they are counted into bursts and shown for a moment. */
export function registerReactionHandlers(on: RegisterHandler, deps: ReactionDeps): void {
  on('reaction:send', ({ session }, { reaction }) => {
    deps.reactions.add(session.requireMembership().room.id, reaction);
    return {};
  });
}
