import type { ServerToClientEvents, StageStamp } from '../../shared/events.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';

/*
 * The room's live state (who is here, hands, the stage, tracks, the
 * speaker, the audience's count) is numbered per room (StageStamp in
 * shared/events.ts): each change's event ends with its stamp. The Room
 * (./room.ts) decides who hears what; this module holds the typing of those
 * emits and the folding of numbers into ranges for `stage:advanced`.
 */

/** The events that carry a number of the live state (see StageStamp). */
export type StagedEvent =
  | 'peer:joined'
  | 'peer:updated'
  | 'peer:left'
  | 'peers:changed'
  | 'audience:counted'
  | 'producer:added'
  | 'producer:closed'
  | 'producer:paused'
  | 'producer:resumed'
  | 'speaker:changed';
export type StagedPayload<E extends StagedEvent> = Parameters<ServerToClientEvents[E]>[0];
type StagedEmit = <E extends StagedEvent>(event: E, payload: StagedPayload<E>, stamp: StageStamp) => void;
type StagedEmitExcept = <E extends StagedEvent>(socketId: string | null, event: E, payload: StagedPayload<E>, stamp: StageStamp) => void;

/** Ascending numbers as inclusive ranges: [3, 4, 5, 9] is [[3, 5], [9, 9]]. */
export function rangesOf(numbers: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const n of numbers) {
    const last = ranges.at(-1);
    if (last && n === last[1] + 1) last[1] = n;
    else ranges.push([n, n]);
  }
  return ranges;
}

/**
 * The broadcasts a staged event goes through. Every staged event's
 * parameters are (payload, stamp?), which TypeScript cannot see through a
 * generic event name: the one cast is here.
 */
export function stagedBroadcast(broadcast: RoomBroadcast): { toAll: StagedEmit; toModerators: StagedEmit; toAllExcept: StagedEmitExcept } {
  return {
    toAll: broadcast.toAll as unknown as StagedEmit,
    toModerators: broadcast.toModerators as unknown as StagedEmit,
    toAllExcept: broadcast.toAllExcept as unknown as StagedEmitExcept,
  };
}
