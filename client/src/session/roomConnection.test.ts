import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testFakeParameters as fake } from 'mediasoup-client';
import type * as MediasoupClient from 'mediasoup-client';
import type { RoomJoined } from '../../../shared/events.js';
import { asRoomId } from '../../../shared/ids.js';
import { MediaClient } from '../media/MediaClient.js';
import { RequestError } from '../realtime/requestError.js';
import type { AppSocket } from '../realtime/socket.js';
import { createAppStore } from '../store/appStore.js';
import { BuzzResync } from './BuzzResync.js';
import { ConversationCatchUp } from './ConversationCatchUp.js';
import {
  canMoveNow,
  goOf,
  interruptedBy,
  isQueued,
  releasedBy,
  startVisit,
  type Attempt,
  type Link,
  type RoomConnection,
  type StateNamed,
  type Stay,
} from './roomConnection.js';
import { StageResync } from './StageResync.js';

vi.mock('mediasoup-client', async (importOriginal) =>
  (await import('../media/testMediaEngine.js')).withFakeEngine(await importOriginal<typeof MediasoupClient>()),
);

const sessionRoomId = asRoomId('people-power');
const groupRoomId = asRoomId('group-0');
const visit = startVisit(sessionRoomId);
const offline = () => Promise.reject(new RequestError('DISCONNECTED', 'not connected'));

function link(serverUrl: string | null = null): Link {
  const socket: AppSocket = io('http://127.0.0.1:9', { autoConnect: false, forceNew: true });
  return { socket, serverUrl, unbind: () => undefined };
}

/** A go at `roomId`, its conversation followed from `head` (null: its join not answered yet). */
function stay(roomId = sessionRoomId, head: number | null = null): Stay {
  const catchUp = new ConversationCatchUp(createAppStore(), offline);
  if (head !== null) catchUp.start(head);
  return {
    attempt: { roomId },
    followers: { catchUp, buzzResync: new BuzzResync(offline, () => undefined), stageResync: new StageResync(offline, () => undefined) },
  };
}

describe('what a transition releases', () => {
  let connection: Link;
  let media: MediaClient;
  let inRoom: StateNamed<'in-room'>;
  let timer: ReturnType<typeof setTimeout>;

  beforeEach(async () => {
    connection = link();
    const capabilities = fake.generateRouterRtpCapabilities() as RoomJoined['routerRtpCapabilities'];
    media = await MediaClient.create(capabilities, offline, { onLinkStatusChange: () => undefined, onTransportReplaced: () => undefined });
    inRoom = { name: 'in-room', visit, link: connection, stay: stay(sessionRoomId, 4), media };
    timer = setTimeout(() => undefined, 60_000);
  });

  afterEach(() => clearTimeout(timer));

  it('a retry after media failed keeps the connection and the stay the server counts us in, not the media', () => {
    const retrying: RoomConnection = { name: 'retrying', visit, link: connection, timer, interrupted: null, stillIn: inRoom.stay };
    expect(releasedBy(inRoom, retrying)).toEqual({ link: null, socket: null, followers: null, media, timer: null });
  });

  it('a move keeps the connection, and ends the stay and its media', () => {
    const moving: RoomConnection = { name: 'moving', visit, link: connection, attempt: { roomId: groupRoomId }, interrupted: null };
    expect(releasedBy(inRoom, moving)).toEqual({ link: null, socket: null, followers: inRoom.stay.followers, media, timer: null });
  });

  it('leaving unbinds the server events but keeps the socket open for room:leave, and closes it after', () => {
    const leaving: RoomConnection = { name: 'leaving', socket: connection.socket };
    expect(releasedBy(inRoom, leaving)).toEqual({ link: connection, socket: null, followers: inRoom.stay.followers, media, timer: null });
    expect(releasedBy(leaving, { name: 'outside' })).toMatchObject({ link: null, socket: connection.socket });
  });

  it('a connection to another process releases the one before', () => {
    const elsewhere = link('http://127.0.0.1:3101');
    const connecting = (through: Link): RoomConnection => ({ name: 'connecting', visit, link: through, interrupted: null, isQueued: false, unreachable: 0 });
    expect(releasedBy(connecting(connection), connecting(elsewhere))).toMatchObject({ link: connection, socket: connection.socket });
  });

  it('the timer goes with the retry it was set for, even into the attempt it starts', () => {
    const retrying: RoomConnection = { name: 'retrying', visit, link: connection, timer, interrupted: null, stillIn: null };
    const joining: RoomConnection = { name: 'joining', visit, link: connection, stay: stay(), interrupted: null, isQueued: false };
    expect(releasedBy(retrying, joining)).toEqual({ link: null, socket: null, followers: null, media: null, timer });
  });
});

describe('where the conversation stood when a stay is cut short', () => {
  it('is the counted stay’s room and head once its conversation is followed, with our role there', () => {
    const state: RoomConnection = { name: 'in-room', visit, link: link(), stay: stay(groupRoomId, 7), media: null };
    expect(interruptedBy(state, 'participant')).toEqual({ roomId: groupRoomId, role: 'participant', head: 7 });
  });

  it('is what an earlier interruption left while a join has not been answered yet', () => {
    const earlier = { roomId: sessionRoomId, role: 'speaker' as const, head: 3 };
    const state: RoomConnection = { name: 'joining', visit, link: link(), stay: stay(), interrupted: earlier, isQueued: false };
    expect(interruptedBy(state, 'speaker')).toBe(earlier);
  });

  it('is nothing once we left', () => {
    expect(interruptedBy({ name: 'outside' }, 'participant')).toBeNull();
  });
});

describe('a go at a room', () => {
  it('is the state’s until another go replaces it', () => {
    const first: Attempt = { roomId: sessionRoomId };
    const moving: RoomConnection = { name: 'moving', visit, link: link(), attempt: first, interrupted: null };
    expect(goOf(moving, first)).toBe(moving);
    expect(goOf(moving, { roomId: sessionRoomId })).toBeNull();
    expect(goOf({ name: 'failed', link: null }, first)).toBeNull();
  });
});

describe('the lobby', () => {
  it('holds a move until a moderator answers, also while the connection is lost', () => {
    const lobby: RoomConnection = { name: 'in-lobby', visit, link: link(), interrupted: null };
    const reconnecting: RoomConnection = { name: 'connecting', visit, link: link(), interrupted: null, isQueued: true, unreachable: 0 };
    const inRoom: RoomConnection = { name: 'in-room', visit, link: link(), stay: stay(), media: null };
    expect([lobby, reconnecting, inRoom].map(isQueued)).toEqual([true, true, false]);
    expect([lobby, reconnecting, inRoom].map(canMoveNow)).toEqual([false, false, true]);
    expect(canMoveNow({ name: 'identifying', visit })).toBe(false);
  });
});
