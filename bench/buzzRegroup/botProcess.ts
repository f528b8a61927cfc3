/**
 * One bot process of bench/buzz-regroup.ts, started by botFleet.ts with an
 * IPC channel: a few hundred real Socket.IO clients (WebSocket transport,
 * no media), each a person of its own, that join one session and then
 * follow buzz groups as the web client does (client/src/session/
 * RoomSession.ts): on `buzz:assigned` leave the room and join the group's,
 * on `buzz:ended` leave and join the session again, one move at a time per
 * connection. When the parent arms a move, each bot records when its event
 * arrived and when its `room:join` was acknowledged.
 */
import type { BuzzPlace } from '../../shared/buzz.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import { connectClient, type TestSocket } from '../../server/test/testClient.js';
import { now } from '../chatFanout/protocol.js';
import type { BotCommand, BotEvent, MoveKind, MoveReport } from './protocol.js';
import { joinLikeTheClient, refusalOf as request } from './request.js';

type Bot = {
  socket: TestSocket;
  /** The room this bot is in or on its way to; null before the first join. */
  roomId: RoomId | null;
  /** Whether the last join finished: in `roomId` now. */
  isIn: boolean;
  /** Moves run one after another, as the client's do. */
  moving: Promise<void>;
};

type ArmedMove = {
  kind: MoveKind;
  tag: string;
  receivedAt: (number | null)[];
  joinedAt: (number | null)[];
  errors: Record<string, number>;
  retried: Record<string, number>;
  disconnectsBefore: number;
};

const bots: Bot[] = [];
let sessionId: RoomId | undefined;
let events = 0;
let disconnects = 0;
let armed: ArmedMove | undefined;

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
    case 'activity':
      emit({
        type: 'activity',
        events,
        connected: bots.filter((bot) => bot.socket.connected).length,
        inSession: bots.filter((bot) => bot.roomId === sessionId && bot.isIn).length,
      });
      return;
    case 'arm':
      armed = {
        kind: command.kind,
        tag: command.tag,
        receivedAt: bots.map(() => null),
        joinedAt: bots.map(() => null),
        errors: {},
        retried: {},
        disconnectsBefore: disconnects,
      };
      emit({ type: 'armed', tag: command.tag });
      return;
    case 'report':
      emit(report(command.tag));
      return;
    case 'rehome':
      return rehome(command.concurrency);
    case 'close':
      closeAndExit();
  }
}

async function connectBots(command: Extract<BotCommand, { type: 'connect' }>): Promise<void> {
  sessionId = asRoomId(command.sessionId);
  const startedAt = now();
  await inBatches(command.bots, command.connectConcurrency, async (i) => {
    const socket = await connectClient(command.serverUrl, `${command.namePrefix}${i}`);
    const bot: Bot = { socket, roomId: null, isIn: false, moving: Promise.resolve() };
    bots[i] = bot;
    // Every event is received and decoded; only these are acted on.
    socket.onAny(() => events++);
    socket.on('disconnect', () => disconnects++);
    socket.on('buzz:broadcasted', ({ text }) => onReceived(i, 'broadcast', text));
    socket.on('buzz:assigned', (place) => onAssigned(i, place));
    socket.on('buzz:ended', () => {
      onReceived(i, 'return');
      moveTo(i, sessionId!, 'return');
    });
  });
  const connectedAt = now();
  await inBatches(bots.length, command.joinConcurrency, async (i) => {
    const bot = bots[i]!;
    bot.roomId = sessionId!;
    const refused = await request(bot.socket, 'room:join', { roomId: sessionId! });
    if (refused) throw new Error(`bot ${i} could not join ${sessionId}: ${refused.code} ${refused.message}`);
    bot.isIn = true;
  });
  emit({ type: 'connected', bots: bots.length, connectMs: connectedAt - startedAt, joinMs: now() - connectedAt });
}

function onAssigned(index: number, place: BuzzPlace): void {
  onReceived(index, 'split');
  // As the client: a place without a group's room means the main session.
  moveTo(index, place.group?.roomId ?? sessionId!, 'split');
}

function onReceived(index: number, kind: MoveKind, text?: string): void {
  const receivedAt = now();
  const move = armed;
  if (!move || move.kind !== kind || (kind === 'broadcast' && text !== move.tag)) return;
  move.receivedAt[index] ??= receivedAt;
}

/** Leaves the room the bot is in and joins `roomId` on the same connection, after any move still under way. */
function moveTo(index: number, roomId: RoomId, kind: MoveKind): void {
  const bot = bots[index]!;
  if (bot.roomId === roomId) return;
  bot.roomId = roomId;
  const move = armed?.kind === kind ? armed : undefined;
  bot.moving = bot.moving.then(async () => {
    bot.isIn = false;
    const refused =
      (await request(bot.socket, 'room:leave', {})) ??
      refusalIn(
        await joinLikeTheClient(bot.socket, roomId, (code) => {
          if (move) move.retried[code] = (move.retried[code] ?? 0) + 1;
        }),
      );
    const joinedAt = now();
    if (!refused) bot.isIn = true;
    if (!move) return;
    if (refused) {
      move.errors[refused.code] = (move.errors[refused.code] ?? 0) + 1;
    } else {
      move.joinedAt[index] = joinedAt;
    }
  });
}

async function rehome(concurrency: number): Promise<void> {
  await Promise.all(bots.map((bot) => bot.moving));
  const outside = bots.filter((bot) => !(bot.roomId === sessionId && bot.isIn));
  let failed = 0;
  await inBatches(outside.length, concurrency, async (i) => {
    const bot = outside[i]!;
    bot.roomId = sessionId!;
    const moved = bot.moving.then(async () => {
      // Leaving first also ends a join the server finished after the bot gave up on it.
      const refused =
        (await request(bot.socket, 'room:leave', {})) ?? (await request(bot.socket, 'room:join', { roomId: sessionId! }));
      bot.isIn = !refused;
      if (refused) failed++;
    });
    bot.moving = moved;
    await moved;
  });
  emit({ type: 'rehomed', bots: outside.length, failed });
}

function report(tag: string): MoveReport {
  const move = armed?.tag === tag ? armed : undefined;
  return {
    type: 'move',
    tag,
    kind: move?.kind ?? 'broadcast',
    receivedAt: move?.receivedAt ?? bots.map(() => null),
    joinedAt: move?.joinedAt ?? bots.map(() => null),
    errors: { ...move?.errors },
    retried: { ...move?.retried },
    disconnects: disconnects - (move?.disconnectsBefore ?? disconnects),
    events,
  };
}

const refusalIn = (answer: Awaited<ReturnType<typeof joinLikeTheClient>>) => ('refused' in answer ? answer.refused : null);

/** Runs `task(0 … count − 1)` with at most `concurrency` in flight. */
async function inBatches(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

function closeAndExit(): never {
  for (const bot of bots) bot?.socket.disconnect();
  process.exit(0);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
