import type { BotProcess } from './botFleet.js';
import { now } from '../chatFanout/protocol.js';
import type { MoveKind } from './protocol.js';

/** Delays in ms from the moderator's emit, over every bot; a bot that never got there counts as infinitely late. */
export type Spread = { p50: number; p95: number; max: number; missing: number };

export type MoveTiming = {
  kind: MoveKind;
  /** Every bot's event: `buzz:broadcasted`, `buzz:assigned`, `buzz:ended`. */
  received: Spread;
  /** Every bot in its new room (`room:join` acknowledged); not timed for a broadcast. */
  joined: Spread | undefined;
  errors: Record<string, number>;
  /** Refusals retried as the web client does (a busy server), by code. */
  retried: Record<string, number>;
  disconnects: number;
  /** Time from the emit until the last bot was done (or the wait gave up). */
  tookMs: number;
};

const POLL_MS = 100;
/** A move during which the bots hear nothing for this long is over; the rest count as missing. */
const STALL_MS = 30_000;
const TIMEOUT_MS = 300_000;

/**
 * Waits until every bot has received the move's event and, for the split
 * and the return, has joined its new room or been refused, then measures
 * each bot's delay from `emittedAt`.
 */
export async function collectMove(bots: BotProcess[], kind: MoveKind, tag: string, emittedAt: number): Promise<MoveTiming> {
  const expected = bots.reduce((total, bot) => total + bot.bots, 0);
  const isMove = kind !== 'broadcast';
  let lastProgress = -1;
  let lastProgressAt = now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const reports = await Promise.all(bots.map((bot) => bot.report(tag)));
    const received = reports.flatMap((report) => report.receivedAt);
    const joined = reports.flatMap((report) => report.joinedAt);
    const errors = mergeCounts(reports.map((report) => report.errors));
    const refused = Object.values(errors).reduce((total, count) => total + count, 0);
    const done = isMove ? count(joined) + refused : count(received);
    // Any event counts as progress: rooms still announcing arrivals are still working through the moves.
    const progress = done + reports.reduce((total, report) => total + report.events, 0);
    if (progress !== lastProgress) {
      lastProgress = progress;
      lastProgressAt = now();
    }
    const isOver = done >= expected || now() - lastProgressAt > STALL_MS || now() - emittedAt > TIMEOUT_MS;
    if (!isOver) continue;
    const finished = [...received, ...(isMove ? joined : [])].filter((time): time is number => time !== null);
    return {
      kind,
      received: spread(received, emittedAt),
      joined: isMove ? spread(joined, emittedAt) : undefined,
      errors,
      retried: mergeCounts(reports.map((report) => report.retried)),
      disconnects: reports.reduce((total, report) => total + report.disconnects, 0),
      tookMs: done >= expected ? Math.max(emittedAt, ...finished) - emittedAt : now() - emittedAt,
    };
  }
}

/** Nearest-rank percentiles of the delays, the missing ones sorted last as infinitely late. */
export function spread(times: (number | null)[], from: number): Spread {
  const delays = times.map((time) => (time === null ? Infinity : Math.max(0, time - from))).sort((a, b) => a - b);
  const at = (q: number) => (delays.length ? delays[Math.max(0, Math.ceil(q * delays.length) - 1)]! : 0);
  return { p50: at(0.5), p95: at(0.95), max: at(1), missing: times.filter((time) => time === null).length };
}

/** The median of a few figures (the upper one of an even count: the stricter). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function mergeCounts(counts: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const byCode of counts) {
    for (const [code, n] of Object.entries(byCode)) merged[code] = (merged[code] ?? 0) + n;
  }
  return merged;
}

const count = (times: (number | null)[]) => times.filter((time) => time !== null).length;
