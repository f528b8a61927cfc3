import type { BuzzRound } from '../../shared/buzz.js';
import type { ClientEventName, RequestOf } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import { connectClient, expectOk, type TestSocket } from '../../server/test/testClient.js';
import { now } from '../chatFanout/protocol.js';
import { requestWithin } from './request.js';

/**
 * A request the moderator made: when it was emitted (the start of every
 * bot's clock) and answered. An answer that did not come, or refused, is
 * reported rather than thrown: the bots are timed all the same.
 */
export type Timed = { emittedAt: number; ackedAt: number | null; failure: string | null };

/** Groups run far longer than the benchmark: they end only when the moderator ends them. */
const GROUP_DURATION_MS = 10 * 60_000;
/** The moderator's requests queue behind a thousand people's moves on a busy server. */
const MODERATOR_ACK_TIMEOUT_MS = 180_000;

export type Moderator = {
  /** A balanced draft of everyone in the main session. */
  draft(groups: number): Promise<BuzzRound>;
  start(): Promise<Timed>;
  /** "End all groups" at once. */
  end(): Promise<Timed>;
  /** A text to every group and the main session: the plain fan-out the moves are compared with. */
  broadcast(text: string): Promise<Timed>;
  close(): void;
};

/**
 * The session's moderator, on this process's event loop (which has little
 * else to do while bots move), signed in with a moderator invitation and in
 * the main session's room, as a moderator running buzz groups would be.
 */
export async function connectModerator(serverUrl: string, sessionId: RoomId, invitation: string): Promise<Moderator> {
  const socket: TestSocket = await connectClient(serverUrl, 'Bench moderator', { invitation });
  const joined = expectOk(await requestWithin(socket, 'room:join', { roomId: sessionId }));
  if (joined.self.role !== 'moderator') throw new Error(`the invitation made a ${joined.self.role}, not a moderator`);

  const timed = async <E extends ClientEventName>(event: E, payload: RequestOf<E>): Promise<Timed> => {
    const emittedAt = now();
    try {
      const ack = await requestWithin(socket, event, payload, MODERATOR_ACK_TIMEOUT_MS);
      return { emittedAt, ackedAt: now(), failure: ack.ok ? null : `${event}: ${ack.error.code} ${ack.error.message}` };
    } catch {
      return { emittedAt, ackedAt: null, failure: `${event}: no answer within ${MODERATOR_ACK_TIMEOUT_MS / 1000} s` };
    }
  };
  return {
    draft: async (groups) => expectOk(await requestWithin(socket, 'buzz:draft', { split: { groups }, method: 'balanced' })),
    start: () => timed('buzz:start', { durationMs: GROUP_DURATION_MS }),
    end: () => timed('buzz:end', { countdownMs: 0 }),
    broadcast: (text) => timed('buzz:broadcast', { text }),
    close: () => void socket.disconnect(),
  };
}
