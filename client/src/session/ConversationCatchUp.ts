import type { CatchUp } from '../../../shared/conversation.js';
import type { AppStore } from '../store/appStore.js';
import { SequenceFollower, type SequenceFollowerOptions } from './SequenceFollower.js';

/** Asks the server what changed in the room after change `since` (`room:catch-up`). */
export type CatchUpRequest = (since: number) => Promise<CatchUp>;

/**
 * Follows one stay in one room's conversation sequence: a catch-up's
 * answer lists the changes (applied newest-wins) or, when too much changed,
 * is a whole snapshot that replaces the conversation.
 */
export class ConversationCatchUp extends SequenceFollower<CatchUp> {
  constructor(store: AppStore, request: CatchUpRequest, options: SequenceFollowerOptions = {}) {
    super(
      request,
      (answer) => {
        if ('snapshot' in answer) {
          store.getState().resetConversation(answer.snapshot);
          return { head: answer.head, isWhole: true };
        }
        store.getState().applyCatchUp(answer);
        return { head: answer.head, isWhole: false };
      },
      'room:catch-up',
      options,
    );
  }
}
