import { AppError } from '../../shared/errors.js';
import type { PollId, RoomId } from '../../shared/ids.js';
import { viewPoll, type PollRepository, type StoredPoll } from '../db/pollRepository.js';
import type { Logger } from '../logger.js';
import type { AuditLog } from '../moderation/auditLog.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { RequestDedupe } from '../realtime/requestDedupe.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { SocketSession } from '../realtime/session.js';
import type { Coalescer } from '../conversation/coalescer.js';
import { assertVotingOpen, nextPollState, validateChoices, type PollCommand } from './pollMachine.js';

export interface PollDeps {
  polls: PollRepository;
  /** Folds the tallies of many votes into a few updates per poll. */
  tallyWindow: Coalescer;
  audit: AuditLog;
  /** Votes retried with their requestId are answered once (see requestDedupe.ts). */
  dedupe: RequestDedupe;
  broadcastTo(roomId: RoomId): RoomBroadcast;
}

/** Moderators see every poll with its results; the others see opened polls, with results once shared. */
function publish(broadcast: RoomBroadcast, poll: StoredPoll): void {
  broadcast.toModerators('poll:changed', viewPoll(poll, true));
  if (poll.state !== 'draft') broadcast.toAudienceExcept(null, 'poll:changed', viewPoll(poll, false));
  // A draft's change reaches the others as its change number alone (shared/changeSequence.ts).
  else broadcast.toAudienceExcept(null, 'room:advanced', { changeSeq: poll.changeSeq });
}

export function registerPollHandlers(on: RegisterHandler, deps: PollDeps): void {
  /** A poll of the caller's room the caller can see (drafts: moderators only). */
  const visiblePoll = async (session: SocketSession, pollId: PollId) => {
    const { room } = session.requireMembership();
    const poll = await deps.polls.find(room.id, pollId);
    if (!poll || (poll.state === 'draft' && session.actor().role !== 'moderator')) {
      throw new AppError('NOT_FOUND', 'no such poll in this room');
    }
    return poll;
  };

  const command = (event: 'poll:open' | 'poll:close', name: PollCommand) =>
    on(event, async ({ session }, { pollId }) => {
      const membership = session.requireMembership();
      const poll = await visiblePoll(session, pollId);
      const next = nextPollState(poll.state, name);
      if (!(await deps.polls.transition(pollId, poll.state, next))) {
        throw new AppError('CONFLICT', 'the poll changed meanwhile; look again');
      }
      const changed = (await deps.polls.find(membership.room.id, pollId))!;
      publish(deps.broadcastTo(membership.room.id), changed);
      await deps.audit.record(membership, name === 'open' ? 'poll.open' : 'poll.close', null, poll.question);
      return viewPoll(changed, true);
    });

  on('poll:create', async ({ session }, { question, kind, options }) => {
    const membership = session.requireMembership();
    const poll = await deps.polls.create({
      roomId: membership.room.id,
      question,
      kind,
      options,
      createdBy: membership.peer.identity.displayName,
    });
    publish(deps.broadcastTo(membership.room.id), poll);
    await deps.audit.record(membership, 'poll.create', null, question);
    return viewPoll(poll, true);
  });

  command('poll:open', 'open');
  command('poll:close', 'close');

  on('poll:share-results', async ({ session }, { pollId, shared }) => {
    const membership = session.requireMembership();
    const poll = await visiblePoll(session, pollId);
    if (poll.resultsShared === shared) return viewPoll(poll, true);
    await deps.polls.shareResults(pollId, shared);
    await deps.audit.record(membership, 'poll.share-results', null, `${shared ? 'shared' : 'hidden'}: ${poll.question}`);
    // Read again: the change took a new change number (and the tally may have moved).
    const changed = (await deps.polls.find(membership.room.id, pollId))!;
    publish(deps.broadcastTo(membership.room.id), changed);
    return viewPoll(changed, true);
  });

  /** Replaces the caller's choice in an open poll; the tally follows a moment later. */
  const vote = async (session: SocketSession, logger: Logger, pollId: PollId, choices: number[]) => {
    const { room } = session.requireMembership();
    // Only the header: the tally is read a few times a second below, not per vote.
    const poll = await deps.polls.header(room.id, pollId);
    if (!poll || (poll.state === 'draft' && session.actor().role !== 'moderator')) {
      throw new AppError('NOT_FOUND', 'no such poll in this room');
    }
    assertVotingOpen(poll.state);
    const chosen = validateChoices(poll.kind, poll.options.length, choices);
    if (!(await deps.polls.vote(pollId, session.identity.userId, chosen))) {
      throw new AppError('CONFLICT', 'this poll is closed');
    }
    // Many votes arrive together when a poll opens: send the tally a few
    // times a second rather than once per vote to everyone.
    deps.tallyWindow.schedule(pollId, () => {
      // The new tally takes a change number of its own, so a client that missed it asks for it.
      deps.polls.touch(room.id, pollId).then(
        (counted) => counted && publish(deps.broadcastTo(room.id), counted),
        (error: unknown) => logger.warn({ err: error, pollId }, 'could not send the poll tally'),
      );
    });
    return {};
  };

  on('poll:vote', ({ session, logger }, { pollId, choices, requestId }) =>
    // A vote replaces the caller's choice: a retry arriving after they changed their mind would undo that.
    deps.dedupe.once({ userId: session.identity.userId, event: 'poll:vote', requestId }, () => vote(session, logger, pollId, choices)),
  );
}
