import type { ServerToClientEvents, PeerInfo } from '../../shared/events.js';
import type { PeerId, ProducerId } from '../../shared/ids.js';
import type { RecordedEntry } from '../../shared/timeline.js';

/** An event the whole audience of a room saw, as the room broadcast it. */
export type RoomEvent = {
  [E in keyof ServerToClientEvents]: { event: E; payload: Parameters<ServerToClientEvents[E]>[0] };
}[keyof ServerToClientEvents];

/**
 * Turns what a room's audience saw into the recording's timeline: who was on
 * stage, who spoke, screen shares, chat, questions and their answers, shared
 * poll results, buzz-group periods. It keeps what it needs to write each
 * change once (who is on stage, which producers are screens, which questions
 * are answered).
 *
 * People who asked not to be recorded are not on the recorded stage and are
 * never the recorded speaker: their tracks are not in the files either.
 *
 * Chat messages and questions are written by id and moment only: their
 * words and author stay in their own rows, which the replay reads when it
 * is served (replayTimeline.ts). So a deletion, an edit, a withdrawal or a
 * dismissal needs no entry here, and reaches the replay whenever it happens,
 * during the session or after the recording ended.
 *
 * Pure: no clock (`at` is given), no I/O.
 */
export class TimelineTracker {
  private readonly onStage = new Map<PeerId, string>();
  /** Everyone on stage, recorded or not, with their user id (opting in again puts them back). */
  private readonly seated = new Map<PeerId, { userId: string; displayName: string }>();
  /** The screen shares the recording shows (their owner is on the recorded stage). */
  private readonly screens = new Map<ProducerId, PeerId>();
  /** Every screen share running in the room, recorded or not: one still running when its owner opts in again is shown. */
  private readonly liveScreens = new Map<ProducerId, PeerId>();
  /** Room chat written so far: a retried send delivers its message again (server/conversation/chatHandlers.ts). */
  private readonly chats = new Set<string>();
  private readonly questions = new Set<string>();
  private readonly answered = new Set<string>();
  private readonly pollsRecorded = new Set<string>();
  private speaker: PeerId | null = null;
  /** The live active speaker, recorded or not: opting in again may make them the recorded one. */
  private liveSpeaker: PeerId | null = null;
  private isBuzzRunning = false;

  constructor(private readonly isOptedOut: (userId: string) => boolean) {}

  /** The room as it is when the recording starts. */
  begin(peers: readonly PeerInfo[], activeSpeaker: PeerId | null, at: number): RecordedEntry[] {
    const entries = peers.flatMap((peer) => this.peerChanged(peer, at));
    for (const peer of peers) {
      for (const producer of peer.producers) {
        if (producer.source === 'screen') entries.push(...this.observe({ event: 'producer:added', payload: producer }, at));
      }
    }
    entries.push(...this.observe({ event: 'speaker:changed', payload: { peerId: activeSpeaker } }, at));
    return entries;
  }

  get buzzRunning(): boolean {
    return this.isBuzzRunning;
  }

  observe(room: RoomEvent, at: number): RecordedEntry[] {
    switch (room.event) {
      case 'peer:joined':
      case 'peer:updated':
        return this.peerChanged(room.payload, at);
      case 'peers:changed':
        return room.payload.changes.flatMap((change) =>
          'joined' in change ? this.peerChanged(change.joined, at) : this.peerLeft(change.left, at),
        );
      case 'peer:left':
        return this.peerLeft(room.payload.peerId, at);
      case 'speaker:changed':
        this.liveSpeaker = room.payload.peerId;
        return this.speakerNow(at);
      case 'producer:added': {
        const { producerId, peerId, source } = room.payload;
        if (source !== 'screen') return [];
        this.liveScreens.set(producerId, peerId);
        return this.showScreen(producerId, peerId, at);
      }
      case 'producer:closed': {
        this.liveScreens.delete(room.payload.producerId);
        const peerId = this.screens.get(room.payload.producerId);
        if (peerId === undefined) return [];
        this.screens.delete(room.payload.producerId);
        return [{ at, kind: 'screen-stopped', peerId }];
      }
      case 'chat:posted': {
        const message = room.payload;
        if (message.channel !== 'room' || message.deletedBy !== null || this.chats.has(message.messageId)) return [];
        this.chats.add(message.messageId);
        return [{ at, kind: 'chat', messageId: message.messageId }];
      }
      case 'question:asked':
      case 'question:changed': {
        const question = room.payload;
        const entries: RecordedEntry[] = [];
        if (!this.questions.has(question.questionId) && (question.status === 'open' || question.status === 'answered')) {
          this.questions.add(question.questionId);
          entries.push({ at, kind: 'question', questionId: question.questionId });
        }
        if (question.status === 'answered' && this.questions.has(question.questionId) && !this.answered.has(question.questionId)) {
          this.answered.add(question.questionId);
          entries.push({ at, kind: 'question-answered', questionId: question.questionId });
        }
        return entries;
      }
      case 'poll:changed': {
        const poll = room.payload;
        // Final, shared results: a tally moving with every vote is not worth a replay entry each time.
        if (poll.state !== 'closed' || !poll.resultsShared || !poll.results || this.pollsRecorded.has(poll.pollId)) return [];
        this.pollsRecorded.add(poll.pollId);
        const counts = poll.results.counts;
        return [
          {
            at,
            kind: 'poll-results',
            pollId: poll.pollId,
            question: poll.question,
            results: poll.options.map((option, index) => ({ option, votes: counts[index] ?? 0 })),
          },
        ];
      }
      case 'buzz:changed': {
        const round = room.payload;
        if (round.phase !== 'running' || this.isBuzzRunning) return [];
        this.isBuzzRunning = true;
        return [{ at, kind: 'buzz-started', groups: round.groups.length }];
      }
      case 'buzz:ended': {
        if (!this.isBuzzRunning) return [];
        this.isBuzzRunning = false;
        return [{ at, kind: 'buzz-ended' }];
      }
      default:
        return [];
    }
  }

  /** The room closed under the recording (everyone left, or its worker died): nobody is on stage any more. */
  roomClosed(at: number): RecordedEntry[] {
    this.seated.clear();
    this.liveScreens.clear();
    this.liveSpeaker = null;
    return [...this.onStage.keys()].flatMap((peerId) => this.leaveStage(peerId, at));
  }

  /** Someone asked not to be recorded, or allowed it again: the recorded stage follows at once. */
  optOutChanged(userId: string, at: number): RecordedEntry[] {
    const entries: RecordedEntry[] = [];
    for (const [peerId, person] of this.seated) {
      if (person.userId === userId) entries.push(...this.placeOnStage(peerId, person, true, at));
    }
    return entries;
  }

  private peerChanged(peer: PeerInfo, at: number): RecordedEntry[] {
    const person = { userId: peer.userId, displayName: peer.displayName };
    const isSeated = peer.seat === 'stage';
    if (isSeated) this.seated.set(peer.peerId, person);
    else this.seated.delete(peer.peerId);
    return this.placeOnStage(peer.peerId, person, isSeated, at);
  }

  private placeOnStage(
    peerId: PeerId,
    person: { userId: string; displayName: string },
    isSeated: boolean,
    at: number,
  ): RecordedEntry[] {
    const recorded = isSeated && !this.isOptedOut(person.userId);
    if (recorded && !this.onStage.has(peerId)) {
      this.onStage.set(peerId, person.displayName);
      const shares = [...this.liveScreens].filter(([, owner]) => owner === peerId);
      return [
        { at, kind: 'stage-joined', peerId, displayName: person.displayName },
        ...shares.flatMap(([producerId]) => this.showScreen(producerId, peerId, at)),
        ...this.speakerNow(at),
      ];
    }
    if (!recorded && this.onStage.has(peerId)) return this.leaveStage(peerId, at);
    return [];
  }

  private peerLeft(peerId: PeerId, at: number): RecordedEntry[] {
    this.seated.delete(peerId);
    // Their tracks closed with them (the room announces no producer:closed for them).
    for (const [producerId, owner] of this.liveScreens) if (owner === peerId) this.liveScreens.delete(producerId);
    return this.onStage.has(peerId) ? this.leaveStage(peerId, at) : [];
  }

  private leaveStage(peerId: PeerId, at: number): RecordedEntry[] {
    this.onStage.delete(peerId);
    // Leaving the stage ends their shares too (viewAt drops them as well).
    for (const [producerId, owner] of this.screens) if (owner === peerId) this.screens.delete(producerId);
    return [{ at, kind: 'stage-left', peerId }, ...this.speakerNow(at)];
  }

  /** A screen share the recording shows from now on, if its owner is on the recorded stage (once). */
  private showScreen(producerId: ProducerId, peerId: PeerId, at: number): RecordedEntry[] {
    if (!this.onStage.has(peerId) || this.screens.has(producerId)) return [];
    this.screens.set(producerId, peerId);
    return [{ at, kind: 'screen-started', peerId }];
  }

  /** The recorded speaker: the live one when they are recorded on stage, else nobody. */
  private speakerNow(at: number): RecordedEntry[] {
    const speaker = this.liveSpeaker !== null && this.onStage.has(this.liveSpeaker) ? this.liveSpeaker : null;
    if (speaker === this.speaker) return [];
    this.speaker = speaker;
    return [{ at, kind: 'active-speaker', peerId: speaker }];
  }
}
