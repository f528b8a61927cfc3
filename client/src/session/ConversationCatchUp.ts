import type { CatchUp, Poll } from '../../../shared/conversation.js';
import { pollOpenedNotice } from '../realtime/noticeText.js';
import type { AppStore } from '../store/appStore.js';
import { SequenceFollower, type SequenceFollowerOptions } from './SequenceFollower.js';

/** Asks the server what changed in the room after change `since` (`room:catch-up`). */
export type CatchUpRequest = (since: number) => Promise<CatchUp>;

/** Polls open in `after` that were not open in `before`. */
function newlyOpened(before: readonly Poll[], after: readonly Poll[]): Poll[] {
  const wasOpen = new Set(before.filter((poll) => poll.state === 'open').map((poll) => poll.pollId));
  return after.filter((poll) => poll.state === 'open' && !wasOpen.has(poll.pollId));
}

/**
 * Follows one stay in one room's conversation sequence: a catch-up's
 * answer lists the changes (applied newest-wins) or, when too much changed,
 * is a whole snapshot that replaces the conversation. A poll that opened
 * while its broadcast was lost is announced as the broadcast would have.
 */
export class ConversationCatchUp extends SequenceFollower<CatchUp> {
  constructor(store: AppStore, request: CatchUpRequest, options: SequenceFollowerOptions = {}) {
    super(
      request,
      (answer) => {
        const pollsBefore = store.getState().polls;
        const isWhole = 'snapshot' in answer;
        if (isWhole) store.getState().resetConversation(answer.snapshot);
        else store.getState().applyCatchUp(answer);
        for (const poll of newlyOpened(pollsBefore, store.getState().polls)) store.getState().addNotice(pollOpenedNotice(poll.question));
        return { head: answer.head, isWhole };
      },
      'room:catch-up',
      options,
    );
  }
}
