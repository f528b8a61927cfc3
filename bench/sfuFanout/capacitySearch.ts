/** Whether the system copes with `count` viewers. */
export type Probe = (count: number) => Promise<boolean>;

export type CapacitySearchOptions = {
  /** First count tried. */
  start: number;
  /** Factor between counts until one fails (2 doubles). */
  growth: number;
  /** Counts are multiples of this (2 keeps two workers evenly loaded). */
  granularity: number;
  /** Never try more than this (ports, time); reaching it ends the search. */
  max: number;
  /** Stop bisecting once the bracket is at most this fraction of the lower end (or one granule). */
  precision: number;
};

/**
 * Finds the largest count that passes: grows geometrically from `start`
 * until a count fails, then bisects between the last pass and the first failure. Returns
 * 0 when even `granularity` fails. Measurements are noisy, so the result is
 * "a count that passed with a larger one that failed just above it", not a
 * proof that every smaller count passes.
 */
export async function findCapacity(probe: Probe, options: CapacitySearchOptions): Promise<number> {
  const { growth, granularity, max, precision } = options;
  const round = (count: number) => Math.max(granularity, Math.round(count / granularity) * granularity);
  let passed = 0;
  let failed: number | undefined;

  for (let count = Math.min(round(options.start), max); failed === undefined; count = Math.min(round(count * growth), max)) {
    if (await probe(count)) passed = count;
    else failed = count;
    if (count === max) break;
  }
  if (failed === undefined) return passed;

  while (failed - passed > Math.max(granularity, passed * precision)) {
    const count = round((passed + failed) / 2);
    if (count <= passed || count >= failed) break;
    if (await probe(count)) passed = count;
    else failed = count;
  }
  return passed;
}
