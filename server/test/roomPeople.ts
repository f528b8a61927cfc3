import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { ChangeSequence, GAP_PATIENCE_MS } from '../../shared/changeSequence.js';
import type { ChatMessage } from '../../shared/conversation.js';
import { sendChat, type Sender } from './chatBurst.js';
import { expectOk, request, type TestSocket } from './testClient.js';

/**
 * People in a room, as the fault harness follows them: what each one
 * received and was told, and the questions asked of them all (did a
 * message cross between processes, were the dead process's people seen
 * leaving).
 */

export interface Received {
  messageId: string;
  body: string;
  seq: number;
  /** Harness clock, ms. */
  at: number;
  /** A broadcast, or a `room:catch-up` answer (what the person asked for after a gap or a `room:check`). */
  via: 'broadcast' | 'catch-up';
}

/** Someone in the room: one socket, connected to one of the two processes. */
export interface Person extends Sender {
  isModerator: boolean;
  peerId: string;
  userId: string;
  /** Every room message this person holds, each once, in the order it first arrived (by broadcast or by catching up). */
  received: Received[];
  /** Where the person is in the room's change sequence (started from the join snapshot's head). */
  sequence: ChangeSequence;
  /** Catch-ups asked, and how many ended with a hole still open. */
  catchUps: { asked: number; failed: number };
  /** Everyone this person was told has left (`peer:left`, or `peers:changed` in a large room), and when. */
  leftSeen: Map<string, number>;
  /** When the connection dropped (harness clock); undefined while connected. */
  disconnectedAt: number | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds (true) or the ceiling passes (false). */
export async function waitUntil(condition: () => boolean | Promise<boolean>, ceilingMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = performance.now() + ceilingMs;
  for (;;) {
    if (await condition()) return true;
    if (performance.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

/**
 * A person on `socket`, recording what they receive from now on (peer and
 * user ids, and the sequence's start, are filled in on joining). They
 * follow the room's change sequence as the browser does
 * (client/src/session/ConversationCatchUp.ts): a hole still open after
 * GAP_PATIENCE_MS, or the server's `room:check`, makes them ask
 * `room:catch-up`, and what the answer holds is theirs too.
 */
export function follow(socket: TestSocket, who: { name: string; server: number; isModerator: boolean }, now: () => number): Person {
  const person: Person = {
    ...who,
    socket,
    peerId: '',
    userId: '',
    received: [],
    sequence: new ChangeSequence(),
    catchUps: { asked: 0, failed: 0 },
    leftSeen: new Map(),
    disconnectedAt: undefined,
  };
  const held = new Set<string>();
  const hold = (message: ChatMessage, via: Received['via']) => {
    if (message.channel !== 'room' || held.has(message.messageId)) return;
    held.add(message.messageId);
    person.received.push({ messageId: message.messageId, body: message.body, seq: message.seq, at: now(), via });
  };
  let asking = false;
  let patience: NodeJS.Timeout | undefined;
  const catchUp = async () => {
    if (asking || person.disconnectedAt !== undefined) return;
    asking = true;
    person.catchUps.asked += 1;
    try {
      const answer = await request(socket, 'room:catch-up', { since: person.sequence.head });
      if (!answer.ok) {
        person.catchUps.failed += 1;
        return;
      }
      const chat = 'snapshot' in answer.data ? answer.data.snapshot.chat.messages : answer.data.chat;
      for (const message of chat) hold(message, 'catch-up');
      person.sequence.caughtUpTo(answer.data.head);
    } finally {
      asking = false;
      if (person.sequence.hasGap) waitForHole();
    }
  };
  const waitForHole = () => {
    if (patience) return;
    patience = setTimeout(() => {
      patience = undefined;
      if (person.sequence.hasGap) void catchUp();
    }, GAP_PATIENCE_MS);
  };
  const saw = (changeSeq: number) => {
    if (person.sequence.saw(changeSeq)) waitForHole();
  };
  socket.on('chat:posted', (message) => {
    hold(message, 'broadcast');
    saw(message.changeSeq);
  });
  socket.on('chat:changed', (message) => saw(message.changeSeq));
  socket.on('question:asked', (question) => saw(question.changeSeq));
  socket.on('question:changed', (question) => saw(question.changeSeq));
  socket.on('question:removed', ({ changeSeq }) => saw(changeSeq));
  socket.on('question:upvoted', ({ changeSeq }) => saw(changeSeq));
  socket.on('poll:changed', (poll) => saw(poll.changeSeq));
  socket.on('room:advanced', ({ changeSeq }) => saw(changeSeq));
  socket.on('room:check', () => void catchUp());
  socket.on('peer:left', ({ peerId }) => {
    if (!person.leftSeen.has(peerId)) person.leftSeen.set(peerId, now());
  });
  socket.on('peers:changed', ({ changes }) => {
    for (const change of changes) {
      if ('left' in change && !person.leftSeen.has(change.left)) person.leftSeen.set(change.left, now());
    }
  });
  socket.on('disconnect', () => {
    person.disconnectedAt ??= now();
  });
  return person;
}

export const isConnected = (person: Person) => person.disconnectedAt === undefined;

/** Waits until every connected person has received every one of `messageIds`; false at the ceiling. */
export function waitForDeliveries(people: readonly Person[], messageIds: readonly string[], ceilingMs: number): Promise<boolean> {
  return waitUntil(
    () =>
      people.filter(isConnected).every((person) => {
        const ids = new Set(person.received.map((message) => message.messageId));
        return messageIds.every((id) => ids.has(id));
      }),
    ceilingMs,
  );
}

/**
 * Sends a message from one moderator to be seen by the other, both ways,
 * again and again, until one has crossed in each direction. Resolves with
 * the ms from `since` until the later of the two arrived, or null if that
 * did not happen within the ceiling (or `isUp` says a process is down).
 */
export async function crossDeliveryAfter(
  moderators: readonly [Person, Person],
  since: number,
  { ceilingMs, now, isUp }: { ceilingMs: number; now: () => number; isUp: () => boolean },
): Promise<number | null> {
  const arrivedAt: Array<number | undefined> = [undefined, undefined];
  const deadline = now() + ceilingMs;
  let probe = 0;
  const crossesTo = async (to: 0 | 1) => {
    const from = moderators[1 - to]!;
    probe += 1;
    const sent = await sendChat(from.socket, `delivery probe ${probe}`, undefined, now, 5_000);
    if (!sent.message) return;
    const { messageId } = sent.message;
    // Only a broadcast counts: a catch-up is not delivery across the processes.
    const arrived = () => moderators[to].received.find((message) => message.messageId === messageId && message.via === 'broadcast');
    // A probe that has not crossed within a couple of seconds is not coming: send another.
    if (await waitUntil(() => arrived() !== undefined, 2_000)) arrivedAt[to] = arrived()!.at;
  };
  while (arrivedAt.includes(undefined) && now() < deadline && isUp()) {
    await Promise.all(([0, 1] as const).filter((to) => arrivedAt[to] === undefined).map(crossesTo));
    if (arrivedAt.includes(undefined)) await sleep(200);
  }
  return arrivedAt.includes(undefined) ? null : Math.max(...(arrivedAt as number[])) - since;
}

/**
 * Waits until everyone connected to another process has been told that
 * each person on `deadServer` whom they may see left (moderators see
 * everyone; participants see the moderators). Resolves with the ms from
 * `since` until the last such notice, or null at the ceiling.
 */
export async function ghostsGoneAfter(people: readonly Person[], deadServer: number, since: number, ceilingMs: number): Promise<number | null> {
  const dead = people.filter((person) => person.server === deadServer);
  const witnesses = people.filter((person) => person.server !== deadServer && isConnected(person));
  const visibleTo = (witness: Person) => dead.filter((person) => witness.isModerator || person.isModerator);
  const isDone = () => witnesses.every((witness) => visibleTo(witness).every((person) => witness.leftSeen.has(person.peerId)));
  if (!(await waitUntil(isDone, ceilingMs))) return null;
  const notices = witnesses.flatMap((witness) => visibleTo(witness).map((person) => witness.leftSeen.get(person.peerId)!));
  return Math.max(...notices) - since;
}

/**
 * Participants raise and lower their hands, one every `everyMs`, for
 * `durationMs`: broadcasts that, unlike chat, wait for no Redis command
 * first (no shared budget to check), so they are in flight while Redis does
 * not answer. Resolves after `durationMs`, without waiting for the answers.
 */
export async function waveHands(participants: readonly Person[], durationMs: number, everyMs: number): Promise<void> {
  const until = performance.now() + durationMs;
  for (let wave = 0; performance.now() < until && participants.length > 0; wave += 1) {
    const person = participants[wave % participants.length]!;
    const event = Math.floor(wave / participants.length) % 2 === 0 ? 'hand:raise' : 'hand:lower';
    // Not awaited: the fault is injected while these are still in flight.
    void (person.socket as unknown as Socket).timeout(5_000).emitWithAck(event, {}).catch(() => undefined);
    await sleep(everyMs);
  }
}

/** The room channel's whole history as `person` pages through it with `chat:history`, oldest first. */
export async function historyVia(person: Person): Promise<ChatMessage[]> {
  const pages: ChatMessage[][] = [];
  let before: number | undefined;
  for (;;) {
    const page = expectOk(
      await request(person.socket, 'chat:history', { channel: 'room', limit: 100, ...(before === undefined ? {} : { before }) }),
    );
    pages.unshift(page.messages);
    if (!page.hasMore || page.messages.length === 0) return pages.flat();
    before = page.messages[0]!.seq;
  }
}
