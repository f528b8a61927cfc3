import { ChangeSequence } from '../../shared/changeSequence.js';
import type { TestSocket } from './testClient.js';

const NUMBERED = new Set(['buzz:changed', 'buzz:assigned', 'buzz:ended', 'buzz:advanced']);

/** What one connection heard of its session's buzz numbers in one stay, from its snapshot's number on. */
export interface BuzzNumbers {
  sequence: ChangeSequence;
  /** Numbers heard twice, or already held by the snapshot (there should be none). */
  twice: number[];
}

/**
 * Follows the buzz numbers a socket hears (the last argument of each
 * numbered buzz message), as the client does; `restart` begins a new stay
 * (a move to another room) at its join's number.
 */
export function followBuzzNumbers(socket: TestSocket, fromSeq: number): BuzzNumbers & { restart(seq: number): void } {
  let heard = new Set<number>();
  let snapshotSeq = fromSeq;
  const numbers = {
    sequence: new ChangeSequence(fromSeq),
    twice: [] as number[],
    restart(seq: number) {
      snapshotSeq = seq;
      heard = new Set();
      numbers.sequence = new ChangeSequence(seq);
      numbers.twice = [];
    },
  };
  socket.onAny((event: string, ...args: unknown[]) => {
    if (!NUMBERED.has(event)) return;
    const seq = args.at(-1) as number;
    if (heard.has(seq) || seq <= snapshotSeq) numbers.twice.push(seq);
    heard.add(seq);
    numbers.sequence.saw(seq);
  });
  return numbers;
}
