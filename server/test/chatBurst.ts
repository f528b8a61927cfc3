import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Ack } from '../../shared/ack.js';
import type { ChatMessage } from '../../shared/conversation.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { TestSocket } from './testClient.js';

/**
 * How a `chat:send` ended for its sender: the server's answer, or
 * `TIMEOUT` (no answer within the browser's ack timeout) or `DISCONNECTED`
 * (the connection was gone), as the browser's socket module reports them.
 */
export type SendOutcome = 'ok' | ErrorCode | 'TIMEOUT' | 'DISCONNECTED';

/** What the browser waits for an ack before saying "did not answer in time" (client/src/realtime/socket.ts). */
export const BROWSER_ACK_TIMEOUT_MS = 15_000;

/**
 * Answers a person tries again after, as the browser's retry policy does
 * (client/src/session/retryPolicy.ts, less RATE_LIMITED, which the fault
 * harness lifts): the server is busy, broken, or silent.
 */
const RETRIED: ReadonlySet<SendOutcome> = new Set(['UNAVAILABLE', 'TIMEOUT', 'INTERNAL']);
/** Pauses between tries: a person waits a moment, then a little longer. */
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000];

/** Someone who sends in the burst. */
export interface Sender {
  name: string;
  socket: TestSocket;
  /** Which server process the sender is connected to. */
  server: number;
}

export interface Attempt {
  outcome: SendOutcome;
  /** When it was sent (harness clock, ms). */
  sentAt: number;
  /** How long until the outcome. */
  ms: number;
}

/** One message a person meant to post once, with every try it took. */
export interface BurstMessage {
  /** Unique in the run: a copy of it in history is a copy of this message. */
  body: string;
  /** The client's id for the message, the same on every try; undefined when the server takes none. */
  requestId: string | undefined;
  sender: Sender;
  attempts: Attempt[];
  /** The posted message the last try was acknowledged with; undefined if no try was. */
  acknowledged: ChatMessage | undefined;
}

export interface BurstOptions {
  /** Names the burst's messages (`<label> #<n>`). */
  label: string;
  durationMs: number;
  /** Messages per second over the whole room. Default 10. */
  ratePerSecond?: number;
  /** Give each message a `requestId` (the same on every try). */
  useRequestIds: boolean;
  /** Stop trying a message this long after its first try. Default 60 s. */
  retryCeilingMs?: number;
  /** Harness clock. */
  now: () => number;
}

export interface BurstResult {
  messages: BurstMessage[];
  /** Ticks at which every sender was still busy with an earlier message (or gone), so none was sent. */
  skippedTicks: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A chat burst at a fixed rate over the room: at each tick the next sender
 * (in turn) who is connected and not busy sends a new message. Like a
 * person, a sender has one message in hand at a time: after an answer that
 * says "try again" (or none in time) they wait a moment and send the same
 * text again, with the same `requestId`, until it is acknowledged or the
 * retry ceiling passes. Resolves when every message is settled.
 */
export async function runChatBurst(senders: readonly Sender[], options: BurstOptions): Promise<BurstResult> {
  const { now, label, useRequestIds } = options;
  const periodMs = 1000 / (options.ratePerSecond ?? 10);
  const retryCeilingMs = options.retryCeilingMs ?? 60_000;
  const busy = new Set<Sender>();
  const messages: BurstMessage[] = [];
  const settling: Promise<void>[] = [];
  let skippedTicks = 0;
  let turn = 0;

  const deliver = async (message: BurstMessage) => {
    const firstAt = now();
    for (let tries = 0; ; tries += 1) {
      const { message: posted, ...attempt } = await sendChat(message.sender.socket, message.body, message.requestId, now);
      message.attempts.push(attempt);
      if (attempt.outcome === 'ok') {
        message.acknowledged = posted;
        return;
      }
      const pause = RETRY_DELAYS_MS[Math.min(tries, RETRY_DELAYS_MS.length - 1)]!;
      if (!RETRIED.has(attempt.outcome) || now() + pause - firstAt > retryCeilingMs) return;
      await sleep(pause);
    }
  };

  const startedAt = now();
  const ticks = Math.floor(options.durationMs / periodMs);
  for (let tick = 0; tick < ticks; tick += 1) {
    // Scheduled from the start, not from the previous tick: a late tick does not slow the rate.
    const due = startedAt + tick * periodMs;
    if (due > now()) await sleep(due - now());
    const sender = nextFree(senders, busy, turn);
    if (!sender) {
      skippedTicks += 1;
      continue;
    }
    turn = senders.indexOf(sender) + 1;
    const message: BurstMessage = {
      body: `${label} #${messages.length + 1}`,
      requestId: useRequestIds ? randomUUID() : undefined,
      sender,
      attempts: [],
      acknowledged: undefined,
    };
    messages.push(message);
    busy.add(sender);
    settling.push(deliver(message).finally(() => busy.delete(sender)));
  }
  await Promise.all(settling);
  return { messages, skippedTicks };
}

function nextFree(senders: readonly Sender[], busy: ReadonlySet<Sender>, from: number): Sender | undefined {
  for (let offset = 0; offset < senders.length; offset += 1) {
    const sender = senders[(from + offset) % senders.length]!;
    if (!busy.has(sender) && sender.socket.connected) return sender;
  }
  return undefined;
}

/**
 * Sends one room message as the browser does: with its ack timeout, and
 * with nothing sent when the connection is gone.
 */
export async function sendChat(
  socket: TestSocket,
  body: string,
  requestId: string | undefined,
  now: () => number,
  timeoutMs = BROWSER_ACK_TIMEOUT_MS,
): Promise<Attempt & { message?: ChatMessage }> {
  const sentAt = now();
  if (!socket.connected) return { outcome: 'DISCONNECTED', sentAt, ms: 0 };
  const payload = requestId === undefined ? { channel: 'room', body } : { channel: 'room', body, requestId };
  try {
    const ack = (await (socket as unknown as Socket).timeout(timeoutMs).emitWithAck('chat:send', payload)) as Ack<ChatMessage>;
    const ms = now() - sentAt;
    return ack.ok ? { outcome: 'ok', sentAt, ms, message: ack.data } : { outcome: ack.error.code, sentAt, ms };
  } catch (error) {
    // socket.io-client rejects a pending ack on its timeout, or when the connection drops.
    const outcome = /disconnected/i.test(String(error)) ? 'DISCONNECTED' : 'TIMEOUT';
    return { outcome, sentAt, ms: now() - sentAt };
  }
}
