import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { RequestDedupe } from '../realtime/requestDedupe.js';
import type { ReactionBursts } from './reactionBursts.js';

export interface ReactionDeps {
  reactions: ReactionBursts;
  /** Reactions retried with their requestId are counted once (see requestDedupe.ts). */
  dedupe: RequestDedupe;
}

/** Reactions are not stored: they are counted into bursts and shown for a moment. */
export function registerReactionHandlers(on: RegisterHandler, deps: ReactionDeps): void {
  on('reaction:send', ({ session }, { reaction, requestId }) =>
    // Every reaction counts, so one sent again would count twice.
    deps.dedupe.once({ userId: session.identity.userId, event: 'reaction:send', requestId }, () => {
      deps.reactions.add(session.requireMembership().room.id, reaction);
      return {};
    }),
  );
}
