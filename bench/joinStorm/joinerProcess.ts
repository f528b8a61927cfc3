/**
 * One joiner process of bench/join-storm.ts, started with an IPC channel:
 * a few hundred real Socket.IO clients (WebSocket, each a person of its
 * own), connected before the storm, each joining the webinar at its own
 * moment of it and consuming the speaker's video (joinAndConsume.ts).
 */
import { connectClient, type TestSocket } from '../../server/test/testClient.js';
import { asRoomId } from '../../shared/ids.js';
import { now } from '../chatFanout/protocol.js';
import { joinAndConsume, type JoinTiming } from './joinAndConsume.js';
import type { JoinerCommand, JoinerEvent, StormReport } from './protocol.js';

const sockets: TestSocket[] = [];
const timings: (JoinTiming | null)[] = [];

const emit = (event: JoinerEvent) => process.send?.(event);

process.on('message', (command: JoinerCommand) => {
  handle(command).catch((error: unknown) => emit({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
});
// The parent went away (crashed or was killed): do not linger with open sockets.
process.on('disconnect', () => closeAndExit());

async function handle(command: JoinerCommand): Promise<void> {
  switch (command.type) {
    case 'connect': {
      const startedAt = now();
      let next = 0;
      const worker = async () => {
        while (next < command.bots) {
          const i = next++;
          sockets[i] = await connectClient(command.serverUrl, `${command.namePrefix}${i}`);
        }
      };
      await Promise.all(Array.from({ length: Math.min(command.concurrency, command.bots) }, worker));
      emit({ type: 'connected', bots: sockets.length, connectMs: now() - startedAt });
      return;
    }
    case 'storm': {
      const roomId = asRoomId(command.roomId);
      timings.length = 0;
      sockets.forEach((socket, j) => {
        timings[j] = null;
        const joiner = j * command.processCount + command.processIndex;
        const delay = Math.max(0, command.startAt + joiner * command.spacingMs - now());
        setTimeout(() => {
          void joinAndConsume(socket, roomId).then((timing) => {
            timings[j] = timing;
          });
        }, delay);
      });
      return;
    }
    case 'report':
      emit(report());
      return;
    case 'close':
      closeAndExit();
  }
}

function report(): StormReport {
  const count = (pick: (timing: JoinTiming) => string | undefined) => {
    const counts: Record<string, number> = {};
    for (const timing of timings) {
      const code = timing ? pick(timing) : undefined;
      if (code) counts[code] = (counts[code] ?? 0) + 1;
    }
    return counts;
  };
  const retried: Record<string, number> = {};
  for (const timing of timings) for (const code of timing?.retried ?? []) retried[code] = (retried[code] ?? 0) + 1;
  return {
    type: 'storm',
    emittedAt: timings.map((timing) => timing?.emittedAt ?? null),
    joinedAt: timings.map((timing) => timing?.joinedAt ?? null),
    readyAt: timings.map((timing) => timing?.readyAt ?? null),
    refused: count((timing) => timing.refused?.code),
    retried,
    notReady: count((timing) => timing.notReady?.code),
  };
}

function closeAndExit(): never {
  for (const socket of sockets) socket?.disconnect();
  process.exit(0);
}
