import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { Role, ServerToClientEvents } from '../../../shared/events.js';
import type { AuditEntryId, LobbyEntryId, RemovalId, RoomId } from '../../../shared/ids.js';
import { createAppStore } from '../store/appStore.js';
import { chatMessage, poll, question, questionId } from '../store/testConversation.js';
import { consumerId, peer, peerId, producer, producerId } from '../store/testPeople.js';
import { bindServerEvents, type SessionControls } from './bindServerEvents.js';
import type { AppSocket } from './socket.js';

const self = peerId(1);
const amina = peerId(2);
const cameraId = producerId(1);
const micId = producerId(2);

const aminaCamera = producer(2, 1);
const aminaMic = producer(2, 2, { kind: 'audio', source: 'microphone' });
const aminaPeer = peer(2, 'Amina', { seat: 'stage', role: 'speaker' });

/** A real, never-connected socket: the test plays the server by calling its listeners. We are in the audience. */
function setUp(role: Role = 'participant', { admittedUpTo = 0 } = {}) {
  const socket: AppSocket = io('http://127.0.0.1:9', { autoConnect: false });
  const store = createAppStore();
  store.getState().setSelfPeerId(self);
  store.getState().setSelf(peer(1, 'Me', { role }));
  const calls: string[] = [];
  const session: SessionControls = {
    currentMedia: {
      closeConsumer: (id) => void calls.push(`closeConsumer ${id}`),
      closeConsumerOfProducer: (id) => {
        calls.push(`closeConsumerOfProducer ${id}`);
        return null;
      },
      closeConsumersOfPeer: (id) => void calls.push(`closeConsumersOfPeer ${id}`),
    },
    consume: (p) => void calls.push(`consume ${p.producerId}`),
    handleSeatChanged: (seat) => void calls.push(`seat ${seat}`),
    handleModerationApplied: (action) => void calls.push(`moderation ${action.action}`),
    handleRoomClosed: (payload) => void calls.push(`roomClosed ${payload.reason} ${payload.rejoin}`),
    handleRoleChanged: (view) => void calls.push(`roleChanged ${view.self.role}`),
    handleLobbyAdmitted: (payload) => void calls.push(`lobbyAdmitted ${payload.roomId}`),
    handleLobbyRefused: (payload) => void calls.push(`lobbyRefused ${payload.roomId}`),
    handleBuzzPlace: (place) => void calls.push(`buzzPlace ${place.group?.index ?? 'main'}`),
    handleBuzzEnded: () => void calls.push('buzzEnded'),
    handleNotesUpdated: (update) => void calls.push(`notes ${update.byteLength}`),
    sawChange: (changeSeq) => void calls.push(`saw ${changeSeq}`),
    sawStage: (stamp) => void (stamp && calls.push(`stage ${stamp.seq}`)),
    sawStageNumbers: ({ ranges }) => void calls.push(`stage numbers ${ranges.map(([from, to]) => `${from}-${to}`).join(',')}`),
    handleCheckRequested: () => void calls.push('check'),
    // Admits what is newer than `admittedUpTo` (a real session asks its BuzzResync).
    admitsBuzz: (kind, seq) => {
      calls.push(`buzz ${kind ?? 'number'} ${seq}`);
      return seq > admittedUpTo;
    },
  };
  const unbind = bindServerEvents(socket, store, session);
  const serverSends = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => {
    for (const listener of socket.listeners(event)) (listener as (...a: Parameters<ServerToClientEvents[E]>) => void)(...args);
  };
  return { socket, store, calls, unbind, serverSends };
}

describe('bindServerEvents', () => {
  it('adds an arriving peer and consumes what it already sends', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('peer:joined', { ...aminaPeer, producers: [aminaCamera] });
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Amina']);
    expect(calls).toEqual([`consume ${cameraId}`]);
  });

  it('applies a batch of arrivals and departures in order, ignoring our own arrival', () => {
    const { store, calls, serverSends } = setUp('moderator');
    serverSends('peer:joined', aminaPeer);
    serverSends('peers:changed', {
      changes: [{ joined: peer(4, 'Bo') }, { joined: peer(1, 'Me') }, { left: amina }, { joined: peer(3, 'Chen') }],
    });
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Bo', 'Chen']);
    expect(calls).toEqual([`closeConsumersOfPeer ${amina}`]);
  });

  it('records and consumes a new producer, but never our own', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('peer:joined', aminaPeer);
    serverSends('producer:added', aminaCamera);
    serverSends('producer:added', { ...aminaCamera, peerId: self });
    expect(store.getState().peers[0]?.producers).toEqual([aminaCamera]);
    expect(calls).toEqual([`consume ${cameraId}`]);
  });

  it('closes the local consumer when a producer, a consumer or a peer goes away', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('peer:joined', { ...aminaPeer, producers: [aminaCamera] });
    serverSends('producer:closed', { peerId: amina, producerId: cameraId });
    serverSends('consumer:closed', { consumerId: consumerId(1), producerId: cameraId });
    serverSends('peer:left', { peerId: amina });
    expect(calls.slice(1)).toEqual([
      `closeConsumerOfProducer ${cameraId}`,
      `closeConsumer ${consumerId(1)}`,
      `closeConsumersOfPeer ${amina}`,
    ]);
    expect(store.getState().peers).toEqual([]);
  });

  it('replaces a peer on peer:updated (hand up) and consumes producers it did not know of', () => {
    const { store, calls, serverSends } = setUp('moderator');
    serverSends('peer:joined', { ...aminaPeer, seat: 'audience' });
    serverSends('peer:updated', { ...aminaPeer, seat: 'audience', handRaisedAt: 42 });
    expect(store.getState().peers[0]?.handRaisedAt).toBe(42);
    serverSends('peer:updated', { ...aminaPeer, producers: [aminaMic] });
    expect(store.getState().peers[0]?.seat).toBe('stage');
    expect(calls).toEqual([`consume ${micId}`]);
  });

  it('keeps, for a participant, only the stage and the moderators: someone stepping off the stage is let go', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('peer:joined', peer(3, 'Bo'));
    serverSends('peer:joined', peer(4, 'Mia', { role: 'moderator' }));
    serverSends('peer:updated', { ...aminaPeer, producers: [aminaMic] });
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Mia', 'Amina']);
    serverSends('peer:updated', { ...aminaPeer, seat: 'audience' });
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Mia']);
    expect(calls).toEqual([`closeConsumersOfPeer ${peerId(3)}`, `consume ${micId}`, `closeConsumersOfPeer ${amina}`]);
  });

  it('follows the audience count, and the roster rule when the moderators change it', () => {
    const { store, serverSends } = setUp();
    const controls = { isLocked: false, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false };
    serverSends('audience:counted', { count: 42 });
    expect(store.getState().audienceCount).toBe(42);
    serverSends('room:controls-changed', { ...controls, isRosterVisible: true });
    serverSends('peer:joined', peer(3, 'Bo'));
    store.getState().addAudiencePage({ peers: [peer(5, 'Cy'), peer(1, 'Me')], next: 7 }, store.getState().audienceEpoch);
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Bo', 'Cy']);
    expect(store.getState().audiencePaging).toEqual({ next: 7 });
    serverSends('room:controls-changed', { ...controls, isRosterVisible: false });
    expect(store.getState().peers).toEqual([]);
    expect(store.getState().audiencePaging).toBeNull();
  });

  it('tells the session when our own seat changes, and only then', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('peer:updated', peer(1, 'Me', { handRaisedAt: 7 }));
    serverSends('peer:updated', peer(1, 'Me', { seat: 'stage' }));
    serverSends('peer:updated', peer(1, 'Me', { seat: 'audience' }));
    expect(calls).toEqual(['seat stage', 'seat audience']);
    expect(store.getState().self?.seat).toBe('audience');
    expect(store.getState().peers).toEqual([]);
  });

  it('follows a microphone muted and unmuted', () => {
    const { store, serverSends } = setUp();
    serverSends('peer:joined', { ...aminaPeer, producers: [aminaMic] });
    serverSends('producer:paused', { peerId: amina, producerId: micId, pausedBy: 'moderator' });
    expect(store.getState().peers[0]?.producers[0]?.pausedBy).toBe('moderator');
    serverSends('producer:resumed', { peerId: amina, producerId: micId });
    expect(store.getState().peers[0]?.producers[0]?.pausedBy).toBeNull();
  });

  it('records the active speaker and the layer a consumer receives', () => {
    const { store, serverSends } = setUp();
    serverSends('peer:joined', { ...aminaPeer, producers: [aminaCamera] });
    store.getState().addConsumer(amina, { consumerId: consumerId(1), producerId: cameraId, kind: 'video', source: 'camera' });
    serverSends('speaker:changed', { peerId: amina });
    serverSends('consumer:layers-changed', { consumerId: consumerId(1), spatialLayer: 0 });
    expect(store.getState().activeSpeakerId).toBe(amina);
    expect(store.getState().peers[0]?.consumers[0]?.spatialLayer).toBe(0);
    serverSends('speaker:changed', { peerId: null });
    expect(store.getState().activeSpeakerId).toBeNull();
  });

  it('asks us onto the stage, and tells moderators who declined', () => {
    const { store, serverSends } = setUp();
    serverSends('stage:invited', { by: 'Bruno' });
    expect(store.getState().stageInvitationBy).toBe('Bruno');
    serverSends('stage:declined', { peerId: amina, displayName: 'Amina' });
    expect(store.getState().notices.map((n) => n.text)).toEqual(['Amina declined the invitation to the stage.']);
  });

  it('says who acted on our media and lets the session follow', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('moderation:applied', { action: 'muted', source: 'microphone', by: 'Bruno' });
    serverSends('moderation:applied', { action: 'stopped', source: 'camera', by: 'Bruno' });
    expect(calls).toEqual(['moderation muted', 'moderation stopped']);
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Moderator Bruno muted your microphone. You can unmute it when you are ready to speak.',
      'Moderator Bruno turned off your camera.',
    ]);
  });

  it('keeps the removed list moderators see', () => {
    const { store, serverSends } = setUp();
    const removed = [{ removalId: '30000000-0000-4000-8000-000000000001' as RemovalId, displayName: 'Troll', removedAt: '2024-01-01T00:00:00Z' }];
    serverSends('moderation:removed-changed', { removed });
    expect(store.getState().removed).toEqual(removed);
  });

  it('hands a closed room to the session and shows a shutdown notice', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('room:closed', { roomId: 'people-power' as RoomId, reason: 'removed', rejoin: false });
    serverSends('server:shutting-down', { message: 'Restarting for an update' });
    expect(calls).toEqual(['roomClosed removed false']);
    expect(store.getState().notice).toBe('Restarting for an update');
  });

  it('stops listening once unbound', () => {
    const { store, unbind, serverSends } = setUp();
    unbind();
    serverSends('peer:joined', aminaPeer);
    serverSends('stage:invited', { by: 'Bruno' });
    expect(store.getState().peers).toEqual([]);
    expect(store.getState().stageInvitationBy).toBeNull();
  });
});

describe('bindServerEvents: the live state’s numbers', () => {
  it('passes each number on after applying its change, and the numbers of changes we may not see', () => {
    const { store, calls, serverSends } = setUp();
    const stamp = (seq: number) => ({ epoch: 'room-1', seq });
    serverSends('peer:joined', aminaPeer, stamp(1));
    serverSends('producer:paused', { peerId: amina, producerId: aminaMic.producerId, pausedBy: 'self' }, stamp(2));
    serverSends('stage:advanced', { epoch: 'room-1', ranges: [[3, 4], [6, 6]] });
    serverSends('audience:counted', { count: 3 }, stamp(5));
    // Told by another process, for the people of a process that died: no number.
    serverSends('peer:left', { peerId: amina });
    expect(store.getState().audienceCount).toBe(3);
    expect(calls.filter((call) => call.startsWith('stage'))).toEqual(['stage 1', 'stage 2', 'stage numbers 3-4,6-6', 'stage 5']);
  });
});

describe('bindServerEvents: buzz numbers', () => {
  it('passes every buzz number on, and takes a message only when the session admits it', () => {
    const { store, calls, serverSends } = setUp('participant', { admittedUpTo: 4 });
    const place = { roundId: 'r1', group: { index: 0, roomId: 'buzz-1-1' as RoomId, name: 'Group 1', prompt: '', facilitatorUserId: null } };
    serverSends('buzz:assigned', place, 4);
    serverSends('buzz:advanced', 5);
    serverSends('buzz:assigned', place, 6);
    serverSends('buzz:ended', null, 3);
    expect(calls).toEqual(['buzz place 4', 'buzz number 5', 'buzz place 6', 'buzzPlace 0', 'buzz ended 3']);
    expect(store.getState().buzzPlace).toEqual(place);
  });
});

describe('bindServerEvents: conversation', () => {
  it('adds a posted message once, however often it arrives, and replaces it when changed', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('chat:posted', chatMessage(1, 2));
    serverSends('chat:posted', chatMessage(1, 2));
    serverSends('chat:changed', chatMessage(1, 2, { body: '', deletedBy: 'moderator', changeSeq: 2 }));
    expect(store.getState().chatMessages).toEqual([chatMessage(1, 2, { body: '', deletedBy: 'moderator', changeSeq: 2 })]);
    expect(calls).toEqual(['saw 1', 'saw 1', 'saw 2']);
  });

  it('keeps a deleted message deleted when its older edit arrives late (two processes’ broadcasts crossed)', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('chat:posted', chatMessage(1, 2));
    serverSends('chat:changed', chatMessage(1, 2, { body: '', deletedBy: 'moderator', changeSeq: 3 }));
    serverSends('chat:changed', chatMessage(1, 2, { body: 'edited', editedAt: '2024-05-01T10:01:00Z', changeSeq: 2 }));
    expect(store.getState().chatMessages.map((m) => m.deletedBy)).toEqual(['moderator']);
    // The late one still fills the sequence.
    expect(calls).toEqual(['saw 1', 'saw 3', 'saw 2']);
  });

  it('follows questions: asked, upvoted, changed, removed', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('question:asked', question(1));
    serverSends('question:upvoted', { questionId: questionId(1), upvotes: 4, changeSeq: 2 });
    expect(store.getState().questions[0]?.upvotes).toBe(4);
    serverSends('question:changed', question(1, { upvotes: 4, status: 'answered', changeSeq: 3 }));
    expect(store.getState().questions[0]?.status).toBe('answered');
    serverSends('question:removed', { questionId: questionId(1), changeSeq: 4 });
    expect(store.getState().questions).toEqual([]);
    expect(calls).toEqual(['saw 1', 'saw 2', 'saw 3', 'saw 4']);
  });

  it('does not bring back a removed question with a late, older state, but does with a newer one (reopened)', () => {
    const { store, serverSends } = setUp('moderator');
    serverSends('question:asked', question(1));
    serverSends('question:removed', { questionId: questionId(1), changeSeq: 3 });
    serverSends('question:changed', question(1, { isPinned: true, changeSeq: 2 }));
    expect(store.getState().questions).toEqual([]);
    serverSends('question:changed', question(1, { changeSeq: 4 }));
    expect(store.getState().questions.map((q) => q.changeSeq)).toEqual([4]);
  });

  it('keeps a newer count when an older record of the question arrives after it, but takes its status', () => {
    const { store, serverSends } = setUp();
    serverSends('question:asked', question(1));
    // Answered at 2 (upvotes then 0), voted at 3: the vote's broadcast overtook the answer's.
    serverSends('question:upvoted', { questionId: questionId(1), upvotes: 1, changeSeq: 3 });
    serverSends('question:changed', question(1, { status: 'answered', changeSeq: 2 }));
    expect(store.getState().questions[0]).toMatchObject({ status: 'answered', upvotes: 1 });
    // A late count older than the one held changes nothing.
    serverSends('question:upvoted', { questionId: questionId(1), upvotes: 0, changeSeq: 2 });
    expect(store.getState().questions[0]?.upvotes).toBe(1);
  });

  it('tells people when a poll opens, once, and not for a late, older state', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('poll:changed', poll(1, { question: 'Lunch?' }));
    serverSends('poll:changed', poll(1, { question: 'Lunch?', state: 'closed', changeSeq: 3 }));
    serverSends('poll:changed', poll(1, { question: 'Lunch?', state: 'open', changeSeq: 2 }));
    expect(store.getState().polls[0]?.state).toBe('closed');
    serverSends('poll:changed', poll(2, { question: 'Dinner?', state: 'open', changeSeq: 4 }));
    serverSends('poll:changed', poll(2, { question: 'Dinner?', state: 'open', resultsShared: true, changeSeq: 5 }));
    expect(store.getState().polls[1]?.resultsShared).toBe(true);
    expect(store.getState().notices.map((n) => n.text)).toEqual(['A poll opened: Dinner?']);
    expect(calls).toEqual(['saw 1', 'saw 3', 'saw 2', 'saw 4', 'saw 5']);
  });

  it('passes on the number of a change we may not see, and the server’s request to check', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('room:advanced', { changeSeq: 7 });
    serverSends('room:check', {});
    expect(calls).toEqual(['saw 7', 'check']);
    expect(store.getState().chatMessages).toEqual([]);
  });

  it('says who muted or allowed our chat, and follows it', () => {
    const { store, serverSends } = setUp();
    serverSends('chat:muted-changed', { isMuted: true, by: 'Bruno' });
    expect(store.getState().isChatMuted).toBe(true);
    serverSends('chat:muted-changed', { isMuted: false, by: 'Bruno' });
    expect(store.getState().isChatMuted).toBe(false);
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      expect.stringMatching(/^Moderator Bruno turned off your chat/),
      'Moderator Bruno allowed you to chat again.',
    ]);
  });

  it('tells a participant when the audience chat goes off or back on', () => {
    const { store, serverSends } = setUp();
    serverSends('room:controls-changed', { isLocked: true, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false, isRosterVisible: false });
    serverSends('room:controls-changed', { isLocked: true, hasLobby: false, isAudienceChatEnabled: false, autoRecord: false, isRosterVisible: false });
    expect(store.getState().roomControls).toEqual({ isLocked: true, hasLobby: false, isAudienceChatEnabled: false, autoRecord: false, isRosterVisible: false });
    expect(store.getState().notices.map((n) => n.text)).toEqual(['The moderators turned off the audience chat.']);
  });

  it('tells moderators who started waiting in the lobby (not who was already there)', () => {
    const { store, serverSends } = setUp();
    const entry = (n: number, displayName: string) => ({
      entryId: `80000000-0000-4000-8000-00000000000${n}` as LobbyEntryId,
      displayName,
      waitingSince: '2024-05-01T10:00:00Z',
    });
    serverSends('lobby:changed', { waiting: [entry(1, 'Ada')] });
    serverSends('lobby:changed', { waiting: [entry(1, 'Ada'), entry(2, 'Ben')] });
    serverSends('lobby:changed', { waiting: [entry(2, 'Ben')] });
    expect(store.getState().lobby.map((e) => e.displayName)).toEqual(['Ben']);
    expect(store.getState().notices.map((n) => n.text)).toEqual(['Ada is waiting in the lobby.', 'Ben is waiting in the lobby.']);
  });

  it('hands lobby decisions to the session', () => {
    const { calls, serverSends } = setUp();
    serverSends('lobby:admitted', { roomId: 'people-power' as RoomId });
    serverSends('lobby:refused', { roomId: 'people-power' as RoomId });
    expect(calls).toEqual(['lobbyAdmitted people-power', 'lobbyRefused people-power']);
  });

  it('shows reaction bursts and keeps the audit log newest first', () => {
    const { store, serverSends } = setUp();
    serverSends('reaction:burst', { counts: { clap: 12 } });
    expect(store.getState().reactionBursts.map((b) => b.counts)).toEqual([{ clap: 12 }]);
    const entry = (seq: number) => ({
      entryId: `90000000-0000-4000-8000-00000000000${seq}` as AuditEntryId,
      seq,
      at: '2024-05-01T10:00:00Z',
      actorName: 'Mo',
      action: 'chat.mute' as const,
      targetName: 'Ada',
      detail: null,
    });
    serverSends('audit:recorded', entry(1));
    serverSends('audit:recorded', entry(2));
    serverSends('audit:recorded', entry(2));
    expect(store.getState().auditEntries.map((e) => e.seq)).toEqual([2, 1]);
  });

  it('tracks the recording and tells everyone once when it starts and once when it ends', () => {
    const { store, serverSends } = setUp();
    const status = { recordingId: 'r1', startedAt: null, optedOut: [] as string[] };
    serverSends('recording:changed', { recording: { ...status, state: 'starting' }, by: 'Ama' });
    serverSends('recording:changed', { recording: { ...status, state: 'recording', startedAt: 1_000 }, by: 'Ama' });
    expect(store.getState().recording?.state).toBe('recording');
    const me = store.getState().self!.userId;
    serverSends('recording:changed', { recording: { ...status, state: 'recording', startedAt: 1_000, optedOut: [me] }, by: null });
    expect(store.getState().isOptedOutOfRecording).toBe(true);
    serverSends('recording:changed', { recording: { ...status, state: 'stopping', startedAt: 1_000 }, by: 'Ama' });
    serverSends('recording:changed', { recording: null, by: 'Ama' });
    expect(store.getState().recording).toBeNull();
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Moderator Ama started recording. You can ask not to be recorded with "Don\'t record me".',
      'Moderator Ama stopped the recording.',
    ]);
  });
});
