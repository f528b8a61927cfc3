/**
 * One bot process of bench/chat-fanout.ts, started by botFleet.ts with an
 * IPC channel: a few hundred real Socket.IO clients (WebSocket transport)
 * that sign in, join one room, and on command send chat at a fixed rate
 * while timing every `chat:posted` they receive. Kept out of the parent's
 * event loop so that the parent's timers and CPU readings stay punctual,
 * and split over processes so that no one event loop decodes every delivery.
 */
import { connectClient, expectOk, request, type TestSocket } from '../../server/test/testClient.js';
import type { ChatMessage } from '../../shared/conversation.js';
import type { RoomId } from '../../shared/ids.js';
import { createLatencyHistogram, type LatencyHistogram } from './latencyHistogram.js';
import { now, type BotCommand, type BotEvent, type StepReport } from './protocol.js';

/** Every benchmark message starts with this, then the step, the phase (m: measured, w: warm-up) and the send time. */
const BODY_PREFIX = 'chat-fanout';

type StepState = {
  step: number;
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  ackLatency: LatencyHistogram;
  deliveries: number;
  latency: LatencyHistogram;
  maxSendLagMs: number;
  timer: NodeJS.Timeout | undefined;
};

const sockets: TestSocket[] = [];
let senders: TestSocket[] = [];
let setupEvents = 0;
let disconnects = 0;
let current: StepState | undefined;

const emit = (event: BotEvent) => process.send?.(event);

process.on('message', (command: BotCommand) => {
  handle(command).catch((error: unknown) => emit({ type: 'failed', message: describe(error) }));
});
// The parent went away (crashed or was killed): do not linger with open sockets.
process.on('disconnect', () => closeAndExit());

async function handle(command: BotCommand): Promise<void> {
  switch (command.type) {
    case 'connect':
      return connectBots(command);
    case 'setup-status':
      emit({ type: 'setup', events: setupEvents, connected: sockets.filter((socket) => socket.connected).length });
      return;
    case 'send':
      startStep(command);
      return;
    case 'report':
      emit(report(command.step));
      return;
    case 'close':
      closeAndExit();
  }
}

async function connectBots(command: Extract<BotCommand, { type: 'connect' }>): Promise<void> {
  const startedAt = now();
  await inBatches(command.bots, command.connectConcurrency, async (i) => {
    const socket = await connectClient(command.serverUrl, `${command.namePrefix}${i}`);
    socket.onAny(() => setupEvents++);
    socket.on('chat:posted', onPosted);
    socket.on('disconnect', () => disconnects++);
    sockets[i] = socket;
  });
  const connectedAt = now();
  await inBatches(sockets.length, command.joinConcurrency, async (i) => {
    expectOk(await request(sockets[i]!, 'room:join', { roomId: command.roomId as RoomId }));
  });
  senders = sockets.slice(0, command.senders);
  emit({ type: 'connected', bots: sockets.length, connectMs: connectedAt - startedAt, joinMs: now() - connectedAt });
}

function onPosted(message: ChatMessage): void {
  const receivedAt = now();
  const [prefix, step, phase, sentAt] = message.body.split(' ');
  if (prefix !== BODY_PREFIX || !current || Number(step) !== current.step || phase !== 'm') return;
  current.deliveries++;
  current.latency.record(receivedAt - Number(sentAt));
}

/**
 * Sends `rate` messages per second from `startAt` until `measureUntil`,
 * each at its scheduled time (or as soon after as the event loop allows),
 * taking the senders in turn. A message carries the time it was actually
 * emitted, so a late timer delays the send rather than adding to the
 * measured latency; how late is reported as `maxSendLagMs`.
 */
function startStep(command: Extract<BotCommand, { type: 'send' }>): void {
  if (current?.timer) clearTimeout(current.timer);
  const state: StepState = {
    step: command.step,
    sent: 0,
    acked: 0,
    ackErrors: {},
    ackLatency: createLatencyHistogram(),
    deliveries: 0,
    latency: createLatencyHistogram(),
    maxSendLagMs: 0,
    timer: undefined,
  };
  current = state;
  const periodMs = 1000 / command.rate;
  let index = 0;
  const tick = () => {
    state.timer = undefined;
    const time = now();
    for (;;) {
      const scheduled = command.startAt + index * periodMs;
      if (scheduled >= command.measureUntil) return;
      if (scheduled > time) break;
      send(state, index, scheduled >= command.measureFrom, scheduled);
      index++;
    }
    state.timer = setTimeout(tick, Math.max(0, command.startAt + index * periodMs - now()));
  };
  state.timer = setTimeout(tick, Math.max(0, command.startAt - now()));
}

function send(state: StepState, index: number, isMeasured: boolean, scheduled: number): void {
  const socket = senders[index % senders.length]!;
  const sentAt = now();
  if (isMeasured) {
    state.sent++;
    state.maxSendLagMs = Math.max(state.maxSendLagMs, sentAt - scheduled);
  }
  const body = `${BODY_PREFIX} ${state.step} ${isMeasured ? 'm' : 'w'} ${sentAt.toFixed(3)}`;
  request(socket, 'chat:send', { channel: 'room', body }).then(
    (ack) => {
      if (!isMeasured) return;
      if (ack.ok) {
        state.acked++;
        state.ackLatency.record(now() - sentAt);
      } else {
        state.ackErrors[ack.error.code] = (state.ackErrors[ack.error.code] ?? 0) + 1;
      }
    },
    () => {
      if (isMeasured) state.ackErrors.TIMEOUT = (state.ackErrors.TIMEOUT ?? 0) + 1;
    },
  );
}

function report(step: number): StepReport {
  const state = current?.step === step ? current : undefined;
  const lost = disconnects;
  disconnects = 0;
  return {
    type: 'step',
    step,
    sent: state?.sent ?? 0,
    acked: state?.acked ?? 0,
    ackErrors: { ...state?.ackErrors },
    ackLatency: state?.ackLatency.counts() ?? [],
    deliveries: state?.deliveries ?? 0,
    latency: state?.latency.counts() ?? [],
    maxLatencyMs: state?.latency.max() ?? 0,
    maxSendLagMs: state?.maxSendLagMs ?? 0,
    disconnects: lost,
  };
}

/** Runs `task(0 … count − 1)` with at most `concurrency` in flight. */
async function inBatches(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

function closeAndExit(): never {
  if (current?.timer) clearTimeout(current.timer);
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
