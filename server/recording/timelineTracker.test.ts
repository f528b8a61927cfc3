import { describe, expect, it } from 'vitest';
import type { BuzzRound } from '../../shared/buzz.js';
import type { ChatMessage, Poll, Question } from '../../shared/conversation.js';
import type { MediaSource, PeerInfo, ProducerInfo, Seat } from '../../shared/events.js';
import { asMessageId, asPeerId, asProducerId, type PeerId, type PollId, type QuestionId } from '../../shared/ids.js';
import { TimelineTracker, type RoomEvent } from './timelineTracker.js';

const ama = asPeerId('p-ama');
const bo = asPeerId('p-bo');
const chen = asPeerId('p-chen');

function person(peerId: PeerId, seat: Seat, producers: ProducerInfo[] = []): PeerInfo {
  const name = peerId.slice(2);
  return {
    peerId,
    userId: `u-${name}`,
    displayName: name[0]!.toUpperCase() + name.slice(1),
    role: seat === 'stage' ? 'speaker' : 'participant',
    seat,
    handRaisedAt: null,
    isInvitedToStage: false,
    isReconnecting: false,
    producers,
  };
}

function track(peerId: PeerId, source: MediaSource, id = `${peerId}-${source}`): ProducerInfo {
  return {
    producerId: asProducerId(id),
    peerId,
    kind: source === 'camera' || source === 'screen' ? 'video' : 'audio',
    source,
    pausedBy: null,
  };
}

function chat(body: string, changes: Partial<ChatMessage> = {}): ChatMessage {
  return {
    messageId: asMessageId(`m-${body}`),
    channel: 'room',
    threadId: null,
    seq: 1,
    changeSeq: 1,
    author: { userId: 'u-chen', displayName: 'Chen', role: 'participant' },
    body,
    sentAt: '2026-11-25T09:00:00.000Z',
    editedAt: null,
    deletedBy: null,
    ...changes,
  };
}

function question(id: string, changes: Partial<Question> = {}): Question {
  return {
    questionId: id as QuestionId,
    body: `question ${id}`,
    askedAt: '2026-11-25T09:00:00.000Z',
    askedBy: { userId: 'u-chen', displayName: 'Chen', role: 'participant' },
    isAnonymous: false,
    upvotes: 0,
    status: 'open',
    isAnsweringLive: false,
    isPinned: false,
    changeSeq: 1,
    ...changes,
  };
}

function poll(changes: Partial<Poll> = {}): Poll {
  return {
    pollId: 'poll-1' as PollId,
    question: 'Tea or coffee?',
    kind: 'single',
    options: ['Tea', 'Coffee', 'Water'],
    state: 'open',
    resultsShared: false,
    results: null,
    createdAt: '2026-11-25T09:00:00.000Z',
    changeSeq: 1,
    ...changes,
  };
}

function buzzRound(phase: BuzzRound['phase'], groups = 3): BuzzRound {
  return {
    roundId: 'round-1',
    phase,
    method: 'balanced',
    lateArrivals: 'wait',
    selfSelectCap: null,
    startedAt: phase === 'draft' ? null : 1_000,
    endsAt: null,
    returnAt: null,
    groups: Array.from({ length: groups }, (_, index) => ({
      index,
      roomId: null,
      name: `Group ${index + 1}`,
      prompt: '',
      facilitatorUserId: null,
      memberCount: 0,
      members: null,
      helpRequestedAt: null,
      helpRequestedBy: null,
    })),
    unassigned: null,
  };
}

/** A tracker whose opted-out people are a set the test changes, as RecordingService's is. */
function createTracker(optedOut = new Set<string>()) {
  const tracker = new TimelineTracker((userId) => optedOut.has(userId));
  const see = (event: RoomEvent, at = 1_000) => tracker.observe(event, at);
  return { tracker, optedOut, see };
}

describe('TimelineTracker', () => {
  describe('the stage', () => {
    it('writes who is on stage when the recording begins, and the speaker if they are one of them', () => {
      const { tracker } = createTracker();
      expect(tracker.begin([person(ama, 'stage'), person(chen, 'audience'), person(bo, 'stage')], bo, 0)).toEqual([
        { at: 0, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
        { at: 0, kind: 'stage-joined', peerId: bo, displayName: 'Bo' },
        { at: 0, kind: 'active-speaker', peerId: bo },
      ]);
    });

    it('follows joins, seat changes and departures, each once', () => {
      const { see } = createTracker();
      expect(see({ event: 'peer:joined', payload: person(ama, 'stage') }, 100)).toEqual([
        { at: 100, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
      ]);
      // Hand raised, reconnecting, the same record again: still on stage, nothing new.
      expect(see({ event: 'peer:updated', payload: { ...person(ama, 'stage'), isReconnecting: true } }, 150)).toEqual([]);
      expect(see({ event: 'peer:joined', payload: person(chen, 'audience') }, 200)).toEqual([]);
      expect(see({ event: 'peer:updated', payload: person(chen, 'stage') }, 300)).toEqual([
        { at: 300, kind: 'stage-joined', peerId: chen, displayName: 'Chen' },
      ]);
      expect(see({ event: 'peer:updated', payload: person(ama, 'audience') }, 400)).toEqual([{ at: 400, kind: 'stage-left', peerId: ama }]);
      expect(see({ event: 'peer:left', payload: { peerId: chen } }, 500)).toEqual([{ at: 500, kind: 'stage-left', peerId: chen }]);
      // Someone in the audience leaving was never on the recorded stage.
      expect(see({ event: 'peer:left', payload: { peerId: ama } }, 600)).toEqual([]);
    });

    it('reads batched arrivals and departures in order', () => {
      const { see } = createTracker();
      const entries = see(
        {
          event: 'peers:changed',
          payload: { changes: [{ joined: person(ama, 'stage') }, { joined: person(chen, 'audience') }, { left: ama }, { left: chen }] },
        },
        700,
      );
      expect(entries).toEqual([
        { at: 700, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
        { at: 700, kind: 'stage-left', peerId: ama },
      ]);
    });
  });

  describe('the active speaker', () => {
    it('is written only while they are recorded on stage', () => {
      const { tracker, see } = createTracker();
      tracker.begin([person(ama, 'stage'), person(chen, 'audience')], null, 0);
      expect(see({ event: 'speaker:changed', payload: { peerId: ama } }, 100)).toEqual([{ at: 100, kind: 'active-speaker', peerId: ama }]);
      expect(see({ event: 'speaker:changed', payload: { peerId: ama } }, 150)).toEqual([]);
      // Someone in the audience is not on the stage the recording shows.
      expect(see({ event: 'speaker:changed', payload: { peerId: chen } }, 200)).toEqual([{ at: 200, kind: 'active-speaker', peerId: null }]);
      // Chen is invited up while still the loudest: the recorded speaker from then on.
      expect(see({ event: 'peer:updated', payload: person(chen, 'stage') }, 300)).toEqual([
        { at: 300, kind: 'stage-joined', peerId: chen, displayName: 'Chen' },
        { at: 300, kind: 'active-speaker', peerId: chen },
      ]);
      expect(see({ event: 'peer:left', payload: { peerId: chen } }, 400)).toEqual([
        { at: 400, kind: 'stage-left', peerId: chen },
        { at: 400, kind: 'active-speaker', peerId: null },
      ]);
    });
  });

  describe('screen shares', () => {
    it('start and stop with the screen producer of someone on stage; other tracks are not screen shares', () => {
      const { tracker, see } = createTracker();
      tracker.begin([person(ama, 'stage')], null, 0);
      expect(see({ event: 'producer:added', payload: track(ama, 'camera') })).toEqual([]);
      expect(see({ event: 'producer:added', payload: track(ama, 'screen') }, 100)).toEqual([{ at: 100, kind: 'screen-started', peerId: ama }]);
      expect(see({ event: 'producer:added', payload: track(ama, 'screen-audio') })).toEqual([]);
      expect(see({ event: 'producer:closed', payload: { peerId: ama, producerId: track(ama, 'camera').producerId } })).toEqual([]);
      expect(see({ event: 'producer:closed', payload: { peerId: ama, producerId: track(ama, 'screen').producerId } }, 200)).toEqual([
        { at: 200, kind: 'screen-stopped', peerId: ama },
      ]);
      expect(see({ event: 'producer:closed', payload: { peerId: ama, producerId: track(ama, 'screen').producerId } }, 250)).toEqual([]);
    });

    it('includes a share already running when the recording begins', () => {
      const { tracker } = createTracker();
      expect(tracker.begin([person(ama, 'stage', [track(ama, 'microphone'), track(ama, 'screen')])], null, 0)).toEqual([
        { at: 0, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
        { at: 0, kind: 'screen-started', peerId: ama },
      ]);
    });

    it('end when their owner leaves the stage, with no stop written for the closed producer afterwards', () => {
      const { tracker, see } = createTracker();
      tracker.begin([person(ama, 'stage', [track(ama, 'screen')])], null, 0);
      expect(see({ event: 'peer:left', payload: { peerId: ama } }, 300)).toEqual([{ at: 300, kind: 'stage-left', peerId: ama }]);
      expect(see({ event: 'producer:closed', payload: { peerId: ama, producerId: track(ama, 'screen').producerId } }, 310)).toEqual([]);
    });
  });

  describe('the conversation', () => {
    it('writes the room chat as it is posted, by id only (its words stay in its row), not the moderators channel nor deleted messages', () => {
      const { see } = createTracker();
      expect(see({ event: 'chat:posted', payload: chat('hello') }, 100)).toEqual([{ at: 100, kind: 'chat', messageId: 'm-hello' }]);
      expect(see({ event: 'chat:posted', payload: chat('psst', { channel: 'moderators', threadId: 'u-chen' }) })).toEqual([]);
      expect(see({ event: 'chat:posted', payload: chat('', { deletedBy: 'moderator' }) })).toEqual([]);
      // An edit or deletion later does not add an entry: the replay reads the row as it stands.
      expect(see({ event: 'chat:changed', payload: chat('hello', { deletedBy: 'author', body: '' }) })).toEqual([]);
    });

    it('writes a message delivered again (its send was retried) once', () => {
      const { see } = createTracker();
      expect(see({ event: 'chat:posted', payload: chat('hello') }, 100)).toEqual([{ at: 100, kind: 'chat', messageId: 'm-hello' }]);
      expect(see({ event: 'chat:posted', payload: chat('hello') }, 900)).toEqual([]);
    });

    it('writes a question once, by id only, and its answer once', () => {
      const { see } = createTracker();
      expect(see({ event: 'question:asked', payload: question('q1') }, 100)).toEqual([{ at: 100, kind: 'question', questionId: 'q1' }]);
      // Pinned, being answered live: the same question.
      expect(see({ event: 'question:changed', payload: question('q1', { isPinned: true, isAnsweringLive: true }) })).toEqual([]);
      expect(see({ event: 'question:changed', payload: question('q1', { status: 'answered' }) }, 200)).toEqual([
        { at: 200, kind: 'question-answered', questionId: 'q1' },
      ]);
      // Reopened and answered again: answered once.
      expect(see({ event: 'question:changed', payload: question('q1') })).toEqual([]);
      expect(see({ event: 'question:changed', payload: question('q1', { status: 'answered' }) })).toEqual([]);
      expect(see({ event: 'question:asked', payload: question('q2', { askedBy: null, isAnonymous: true }) }, 300)).toEqual([
        { at: 300, kind: 'question', questionId: 'q2' },
      ]);
    });

    it('writes a question asked before the recording when it is answered during it, and never a dismissed one', () => {
      const { see } = createTracker();
      expect(see({ event: 'question:changed', payload: question('q0', { status: 'answered' }) }, 100)).toEqual([
        { at: 100, kind: 'question', questionId: 'q0' },
        { at: 100, kind: 'question-answered', questionId: 'q0' },
      ]);
      expect(see({ event: 'question:changed', payload: question('q3', { status: 'dismissed' }) })).toEqual([]);
    });

    it('writes a poll\'s results once it is closed and its results shared, once', () => {
      const { see } = createTracker();
      const results = { counts: [3, 5], voters: 8 };
      expect(see({ event: 'poll:changed', payload: poll() })).toEqual([]);
      // Shared while open: the tally still moves.
      expect(see({ event: 'poll:changed', payload: poll({ resultsShared: true, results }) })).toEqual([]);
      // Closed but not shared: the audience never saw results.
      expect(see({ event: 'poll:changed', payload: poll({ state: 'closed' }) })).toEqual([]);
      expect(see({ event: 'poll:changed', payload: poll({ state: 'closed', resultsShared: true, results }) }, 400)).toEqual([
        {
          at: 400,
          kind: 'poll-results',
          pollId: 'poll-1',
          question: 'Tea or coffee?',
          results: [
            { option: 'Tea', votes: 3 },
            { option: 'Coffee', votes: 5 },
            { option: 'Water', votes: 0 },
          ],
        },
      ]);
      expect(see({ event: 'poll:changed', payload: poll({ state: 'closed', resultsShared: true, results }) }, 500)).toEqual([]);
    });
  });

  describe('buzz groups', () => {
    it('writes when groups start running and when they end, each once', () => {
      const { tracker, see } = createTracker();
      expect(see({ event: 'buzz:changed', payload: buzzRound('draft') })).toEqual([]);
      expect(tracker.buzzRunning).toBe(false);
      expect(see({ event: 'buzz:changed', payload: buzzRound('running', 4) }, 100)).toEqual([{ at: 100, kind: 'buzz-started', groups: 4 }]);
      expect(tracker.buzzRunning).toBe(true);
      expect(see({ event: 'buzz:changed', payload: buzzRound('running', 4) })).toEqual([]);
      expect(see({ event: 'buzz:changed', payload: buzzRound('ending', 4) })).toEqual([]);
      expect(see({ event: 'buzz:ended', payload: null }, 200)).toEqual([{ at: 200, kind: 'buzz-ended' }]);
      expect(tracker.buzzRunning).toBe(false);
      expect(see({ event: 'buzz:ended', payload: null })).toEqual([]);
    });
  });

  describe('opting out', () => {
    it('takes someone off the recorded stage at once, and puts them back when they opt in again', () => {
      const { tracker, optedOut } = createTracker();
      tracker.begin([person(ama, 'stage'), person(bo, 'stage')], ama, 0);
      optedOut.add('u-ama');
      expect(tracker.optOutChanged('u-ama', 100)).toEqual([
        { at: 100, kind: 'stage-left', peerId: ama },
        { at: 100, kind: 'active-speaker', peerId: null },
      ]);
      optedOut.delete('u-ama');
      expect(tracker.optOutChanged('u-ama', 200)).toEqual([
        { at: 200, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
        { at: 200, kind: 'active-speaker', peerId: ama },
      ]);
      // Someone not on stage opting out changes nothing.
      optedOut.add('u-chen');
      expect(tracker.optOutChanged('u-chen', 300)).toEqual([]);
    });

    it('keeps someone opted out off the recorded stage as they come and go, and never makes them the speaker', () => {
      const { see } = createTracker(new Set(['u-ama']));
      expect(see({ event: 'peer:joined', payload: person(ama, 'stage') })).toEqual([]);
      expect(see({ event: 'speaker:changed', payload: { peerId: ama } })).toEqual([]);
      expect(see({ event: 'producer:added', payload: track(ama, 'screen') })).toEqual([]);
      expect(see({ event: 'peer:left', payload: { peerId: ama } })).toEqual([]);
    });

    it('shows a screen share still running when its owner opts in again, and its end once they opt out', () => {
      const { tracker, optedOut, see } = createTracker(new Set(['u-ama']));
      tracker.begin([person(ama, 'stage')], null, 0);
      expect(see({ event: 'producer:added', payload: track(ama, 'screen') }, 100)).toEqual([]);
      optedOut.delete('u-ama');
      expect(tracker.optOutChanged('u-ama', 200)).toEqual([
        { at: 200, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
        { at: 200, kind: 'screen-started', peerId: ama },
      ]);
      optedOut.add('u-ama');
      expect(tracker.optOutChanged('u-ama', 300)).toEqual([{ at: 300, kind: 'stage-left', peerId: ama }]);
      // The share ended while they were not recorded: nothing to write.
      expect(see({ event: 'producer:closed', payload: { peerId: ama, producerId: track(ama, 'screen').producerId } }, 400)).toEqual([]);
      optedOut.delete('u-ama');
      expect(tracker.optOutChanged('u-ama', 500)).toEqual([{ at: 500, kind: 'stage-joined', peerId: ama, displayName: 'Ama' }]);
    });
  });

  describe('the room closing under the recording', () => {
    it('takes everyone off the stage, and nobody comes back by opting in', () => {
      const { tracker, optedOut } = createTracker(new Set(['u-bo']));
      tracker.begin([person(ama, 'stage', [track(ama, 'screen')]), person(bo, 'stage')], ama, 0);
      expect(tracker.roomClosed(900)).toEqual([
        { at: 900, kind: 'stage-left', peerId: ama },
        { at: 900, kind: 'active-speaker', peerId: null },
      ]);
      optedOut.delete('u-bo');
      expect(tracker.optOutChanged('u-bo', 950)).toEqual([]);
      // The room opens again: people come back and are on stage again, their old share gone.
      expect(tracker.observe({ event: 'peer:joined', payload: person(ama, 'stage') }, 1_000)).toEqual([
        { at: 1_000, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
      ]);
    });
  });
});
