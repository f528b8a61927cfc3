/**
 * The one place where server events become store actions and
 * MediaClient calls. Everything a server event changes is visible here.
 */
import type { BuzzOutputs, BuzzPlace } from '../../../shared/buzz.js';
import type { BuzzMessageKind } from '../session/BuzzResync.js';
import type {
  ModerationAction,
  PeerInfo,
  ProducerInfo,
  Seat,
  ServerToClientEvents,
  StageNumbers,
  StageStamp,
} from '../../../shared/events.js';
import type { PeerId } from '../../../shared/ids.js';
import type { MediaClient } from '../media/MediaClient.js';
import type { AppStore } from '../store/appStore.js';
import { mayShow } from '../store/peopleSelectors.js';
import {
  audienceChatNotice,
  buzzOutputsNotice,
  chatMutedNotice,
  lobbyWaitingNotice,
  moderationNotice,
  pollOpenedNotice,
  recordingNotice,
  stageDeclinedNotice,
} from './noticeText.js';
import type { AppSocket } from './socket.js';

/** What the room session offers to server events. */
export interface SessionControls {
  /** The MediaClient of the current stay in the room, if media is set up. */
  readonly currentMedia: Pick<MediaClient, 'closeConsumer' | 'closeConsumerOfProducer' | 'closeConsumersOfPeer'> | null;
  /** Starts receiving a producer (or notes it for when the receiving transport is open). */
  consume(producer: ProducerInfo): void;
  /** Our own seat changed: start sending (on stage) or stop (in the audience). */
  handleSeatChanged(seat: Seat): void;
  /** A moderator acted on our media: follow locally what the server did. */
  handleModerationApplied(action: ModerationAction): void;
  handleRoomClosed(payload: Parameters<ServerToClientEvents['room:closed']>[0]): void;
  /** An organiser changed our role while we are in the room: our view follows. */
  handleRoleChanged(view: Parameters<ServerToClientEvents['role:changed']>[0]): void;
  /** A moderator let us in from the lobby: join again. */
  handleLobbyAdmitted(payload: Parameters<ServerToClientEvents['lobby:admitted']>[0]): void;
  /** A moderator turned us away from the lobby. */
  handleLobbyRefused(payload: Parameters<ServerToClientEvents['lobby:refused']>[0]): void;
  /** Our buzz group changed (or we go back to the main session): move there. */
  handleBuzzPlace(place: BuzzPlace): void;
  /** Buzz groups are over: back to the main session. */
  handleBuzzEnded(): void;
  /** Someone else in our buzz group changed the notes. */
  handleNotesUpdated(update: Uint8Array): void;
  /** A change of the room's conversation arrived (already applied), or only its number: follow the sequence. */
  sawChange(changeSeq: number): void;
  /** A change of the live state arrived (already applied) with its number, if the room numbered it: follow the sequence. */
  sawStage(stamp: StageStamp | undefined): void;
  /** Numbers of live-state changes we may not see. */
  sawStageNumbers(numbers: StageNumbers): void;
  /**
   * A numbered buzz message arrived (`kind`: what it holds for us; null:
   * only its number): follow the sequence. Whether what it holds is newer
   * than what we hold, and is to be taken.
   */
  admitsBuzz(kind: BuzzMessageKind, seq: number): boolean;
  /** The server may have missed telling us something: ask what changed (the conversation, the live state, the buzz round). */
  handleCheckRequested(): void;
}

type Handlers = { [E in keyof ServerToClientEvents]: ServerToClientEvents[E] };

/** We were placed in a group (or sent back to the main session): told by `buzz:assigned`, or found by a resync. */
export function followBuzzPlace(store: AppStore, session: Pick<SessionControls, 'handleBuzzPlace'>, place: BuzzPlace): void {
  store.getState().setBuzzPlace(place);
  session.handleBuzzPlace(place);
}

/** The round is over: told by `buzz:ended`, or found by a resync. */
export function followBuzzEnded(store: AppStore, session: Pick<SessionControls, 'handleBuzzEnded'>, outputs: BuzzOutputs | null): void {
  store.getState().endBuzz(outputs);
  if (outputs && outputs.groups.length > 0) store.getState().addNotice(buzzOutputsNotice(outputs.groups.length));
  session.handleBuzzEnded();
}

/** Subscribes to every server event; returns the function that unsubscribes. */
export function bindServerEvents(socket: AppSocket, store: AppStore, session: SessionControls): () => void {
  const isSelf = (peerId: string) => peerId === store.getState().selfPeerId;

  const peerLeft = (peerId: PeerId) => {
    session.currentMedia?.closeConsumersOfPeer(peerId);
    store.getState().removePeer(peerId);
  };
  // Someone stepping off the stage into an audience we may not see is told
  // to all (they left the stage), then kept no longer.
  const peerChanged = (peer: PeerInfo) => {
    if (!mayShow(store.getState(), peer)) {
      peerLeft(peer.peerId);
      return;
    }
    store.getState().upsertPeer(peer);
    // Consuming is idempotent: producers already received are skipped.
    for (const producer of peer.producers) session.consume(producer);
  };
  const peerJoined = (peer: PeerInfo) => {
    if (!isSelf(peer.peerId)) peerChanged(peer);
  };

  // The live state: each change applied at once, then its number (if any)
  // goes to the session, which asks for the state whole when one is missing.
  const handlers: Handlers = {
    'peer:joined': (peer, stamp) => {
      peerJoined(peer);
      session.sawStage(stamp);
    },
    'peer:updated': (peer, stamp) => {
      if (isSelf(peer.peerId)) {
        const previousSeat = store.getState().self?.seat;
        store.getState().setSelf(peer);
        if (previousSeat !== undefined && previousSeat !== peer.seat) session.handleSeatChanged(peer.seat);
      } else {
        peerChanged(peer);
      }
      session.sawStage(stamp);
    },
    'peer:left': ({ peerId }, stamp) => {
      peerLeft(peerId);
      session.sawStage(stamp);
    },
    'peers:changed': ({ changes }, stamp) => {
      for (const change of changes) {
        if ('joined' in change) peerJoined(change.joined);
        else peerLeft(change.left);
      }
      session.sawStage(stamp);
    },
    'audience:counted': ({ count }, stamp) => {
      store.getState().setAudienceCount(count);
      session.sawStage(stamp);
    },
    'producer:added': (producer, stamp) => {
      if (!isSelf(producer.peerId)) {
        store.getState().addProducer(producer);
        session.consume(producer);
      }
      session.sawStage(stamp);
    },
    'producer:closed': ({ peerId, producerId }, stamp) => {
      session.currentMedia?.closeConsumerOfProducer(producerId);
      store.getState().removeProducer(peerId, producerId);
      session.sawStage(stamp);
    },
    'producer:paused': ({ peerId, producerId, pausedBy }, stamp) => {
      store.getState().setProducerPausedBy(peerId, producerId, pausedBy);
      session.sawStage(stamp);
    },
    'producer:resumed': ({ peerId, producerId }, stamp) => {
      store.getState().setProducerPausedBy(peerId, producerId, null);
      session.sawStage(stamp);
    },
    'stage:advanced': (numbers) => {
      session.sawStageNumbers(numbers);
    },
    'consumer:closed': ({ consumerId }) => {
      session.currentMedia?.closeConsumer(consumerId);
      store.getState().removeConsumer(consumerId);
    },
    'consumer:layers-changed': ({ consumerId, spatialLayer }) => {
      store.getState().setConsumerLayer(consumerId, spatialLayer);
    },
    'speaker:changed': ({ peerId }, stamp) => {
      store.getState().setActiveSpeaker(peerId);
      session.sawStage(stamp);
    },
    'stage:invited': ({ by }) => {
      store.getState().setStageInvitation(by);
    },
    'stage:declined': ({ displayName }) => {
      store.getState().addNotice(stageDeclinedNotice(displayName));
    },
    'moderation:applied': (payload) => {
      store.getState().addNotice(moderationNotice(payload));
      session.handleModerationApplied(payload);
    },
    'moderation:removed-changed': ({ removed }) => {
      store.getState().setRemoved(removed);
    },
    'room:closed': (payload) => {
      session.handleRoomClosed(payload);
    },
    'role:changed': (view) => {
      session.handleRoleChanged(view);
    },
    'server:shutting-down': ({ message }) => {
      store.getState().setNotice(message || 'The server is restarting. You will be reconnected automatically.');
    },

    // Conversation: records arrive whole, with the room's change number, and
    // replace what we had (by id) only when newer, so an event seen twice,
    // after the join snapshot, or after a later state of the same record
    // changes nothing. Every number then goes to the session, which asks the
    // server for what a missing one hid.
    'chat:posted': (message) => {
      store.getState().upsertChatMessage(message);
      session.sawChange(message.changeSeq);
    },
    'chat:changed': (message) => {
      store.getState().upsertChatMessage(message);
      session.sawChange(message.changeSeq);
    },
    'question:asked': (question) => {
      store.getState().upsertQuestion(question);
      session.sawChange(question.changeSeq);
    },
    'question:changed': (question) => {
      store.getState().upsertQuestion(question);
      session.sawChange(question.changeSeq);
    },
    'question:removed': ({ questionId, changeSeq }) => {
      store.getState().removeQuestion(questionId, changeSeq);
      session.sawChange(changeSeq);
    },
    'question:upvoted': ({ questionId, upvotes, changeSeq }) => {
      store.getState().setQuestionUpvotes(questionId, upvotes, changeSeq);
      session.sawChange(changeSeq);
    },
    'poll:changed': (poll) => {
      const previous = store.getState().polls.find((p) => p.pollId === poll.pollId);
      store.getState().upsertPoll(poll);
      // Only a state taken counts: a late, older "open" after "closed" is no news.
      const isTaken = store.getState().polls.includes(poll);
      if (isTaken && poll.state === 'open' && previous?.state !== 'open') store.getState().addNotice(pollOpenedNotice(poll.question));
      session.sawChange(poll.changeSeq);
    },
    'room:advanced': ({ changeSeq }) => {
      session.sawChange(changeSeq);
    },
    'room:check': () => {
      session.handleCheckRequested();
    },
    'reaction:burst': ({ counts }) => {
      store.getState().addReactionBurst(counts);
    },
    'room:controls-changed': (controls) => {
      const state = store.getState();
      const wasChatEnabled = state.roomControls.isAudienceChatEnabled;
      const wasRosterVisible = state.roomControls.isRosterVisible;
      state.setRoomControls(controls);
      // Opened: the people panel asks for pages. Closed: keep only whom we may still see.
      if (wasRosterVisible !== controls.isRosterVisible) {
        state.forgetAudience((peer) => mayShow(store.getState(), peer));
      }
      // Only the audience's chat box changes: speakers and moderators keep writing.
      if (state.self?.role === 'participant' && wasChatEnabled !== controls.isAudienceChatEnabled) {
        state.addNotice(audienceChatNotice(controls.isAudienceChatEnabled));
      }
    },
    'chat:muted-changed': (payload) => {
      store.getState().setChatMuted(payload.isMuted);
      store.getState().addNotice(chatMutedNotice(payload));
    },
    'moderation:chat-mutes-changed': ({ mutes }) => {
      store.getState().setChatMutes(mutes);
    },
    'lobby:changed': ({ waiting }) => {
      const state = store.getState();
      const known = new Set(state.lobby.map((entry) => entry.entryId));
      const arrived = waiting.filter((entry) => !known.has(entry.entryId)).map((entry) => entry.displayName);
      state.setLobby(waiting);
      if (arrived.length > 0) state.addNotice(lobbyWaitingNotice(arrived));
    },
    'lobby:admitted': (payload) => {
      session.handleLobbyAdmitted(payload);
    },
    'lobby:refused': (payload) => {
      session.handleLobbyRefused(payload);
    },
    'audit:recorded': (entry) => {
      store.getState().addAuditEntry(entry);
    },

    // Buzz groups: the server decides who is where; the session moves us.
    'buzz:changed': (round, seq) => {
      if (session.admitsBuzz('round', seq)) store.getState().setBuzzRound(round);
    },
    'buzz:assigned': (place, seq) => {
      if (session.admitsBuzz('place', seq)) followBuzzPlace(store, session, place);
    },
    'buzz:advanced': (seq) => {
      session.admitsBuzz(null, seq);
    },
    'recording:changed': ({ recording, by }) => {
      const state = store.getState();
      const before = state.recording?.state ?? null;
      state.setRecording(recording);
      const after = recording?.state ?? null;
      // Once when it starts and once when it ends; the indicator says the rest.
      if (after === 'recording' && before !== 'recording') state.addNotice(recordingNotice(true, by));
      else if (after === null && before !== null) state.addNotice(recordingNotice(false, by));
    },
    'buzz:ended': (outputs, seq) => {
      if (session.admitsBuzz('ended', seq)) followBuzzEnded(store, session, outputs);
    },
    'buzz:broadcasted': (broadcast) => {
      store.getState().showBuzzBroadcast(broadcast);
    },
    'buzz:presence': ({ group, present }) => {
      store.getState().setBuzzPresence(group, present);
    },
    'notes:updated': ({ update }) => {
      session.handleNotesUpdated(update);
    },
  };

  // socket.io's typings cannot resolve a listener for an event name that is
  // still a type parameter; `handlers` is checked against the contract above.
  const events = Object.keys(handlers) as (keyof Handlers)[];
  for (const event of events) socket.on(event, handlers[event] as never);
  return () => {
    for (const event of events) socket.off(event, handlers[event] as never);
  };
}
