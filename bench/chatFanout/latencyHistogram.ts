/**
 * Latencies in fixed buckets: fine (0.05 ms) below 200 ms, where the 50 ms
 * threshold sits, coarse (10 ms) up to 20 s, and one overflow bucket. Fixed
 * buckets let the bot processes send their counts to the parent as plain
 * arrays, which add up without losing anything.
 */
const FINE_MS = 0.05;
const FINE_LIMIT_MS = 200;
const COARSE_MS = 10;
const COARSE_LIMIT_MS = 20_000;
const FINE_BUCKETS = Math.round(FINE_LIMIT_MS / FINE_MS);
const COARSE_BUCKETS = Math.round((COARSE_LIMIT_MS - FINE_LIMIT_MS) / COARSE_MS);
const BUCKETS = FINE_BUCKETS + COARSE_BUCKETS + 1;

export type LatencyHistogram = {
  record(latencyMs: number): void;
  /** Bucket counts, for sending to another process. */
  counts(): number[];
  max(): number;
};

export function createLatencyHistogram(): LatencyHistogram {
  const buckets = new Float64Array(BUCKETS);
  let max = 0;
  return {
    record(latencyMs) {
      // Clocks of different processes may disagree by a few microseconds.
      const value = Math.max(0, latencyMs);
      buckets[bucketOf(value)]! += 1;
      if (value > max) max = value;
    },
    counts: () => Array.from(buckets),
    max: () => max,
  };
}

function bucketOf(latencyMs: number): number {
  if (latencyMs < FINE_LIMIT_MS) return Math.floor(latencyMs / FINE_MS);
  if (latencyMs < COARSE_LIMIT_MS) return FINE_BUCKETS + Math.floor((latencyMs - FINE_LIMIT_MS) / COARSE_MS);
  return BUCKETS - 1;
}

/** Upper edge of a bucket, in ms (Infinity for the overflow bucket). */
function upperEdge(bucket: number): number {
  if (bucket < FINE_BUCKETS) return (bucket + 1) * FINE_MS;
  if (bucket < BUCKETS - 1) return FINE_LIMIT_MS + (bucket - FINE_BUCKETS + 1) * COARSE_MS;
  return Infinity;
}

/** Adds bucket counts from several histograms. */
export function mergeCounts(all: number[][]): number[] {
  const merged = new Array<number>(BUCKETS).fill(0);
  for (const counts of all) counts.forEach((count, i) => (merged[i]! += count));
  return merged;
}

/**
 * The latency below which a fraction `q` of `expected` deliveries arrived,
 * as the upper edge of its bucket. Deliveries that never arrived
 * (`expected` above the recorded total) count as infinitely late, so a run
 * that loses more than 1% of its deliveries has an infinite p99.
 */
export function percentile(counts: number[], q: number, expected = counts.reduce((a, b) => a + b, 0)): number {
  if (expected <= 0) return 0;
  const rank = Math.ceil(q * expected);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return upperEdge(i);
  }
  return Infinity;
}
