/** Whether the server keeps up with `rate` messages per second. */
export type RateProbe = (rate: number) => Promise<boolean>;

export type RateSearchOptions = {
  /** First rate tried: a guess of the result. */
  start: number;
  /** Factor between rates until the outcome changes (upwards after a pass, downwards after a failure). */
  factor: number;
  /** Rates are multiples of this (2 splits a rate evenly over two bot processes). */
  granularity: number;
  max: number;
  /** Stop bisecting once the bracket is at most this fraction of the lower end (or one granule). */
  precision: number;
};

/**
 * Finds the highest rate that passes, starting from a guess: from `start`
 * it moves by `factor` (up while steps pass, down while they fail) until
 * the outcome changes, then bisects between the last pass and the failure
 * next to it. Unlike sfuFanout's `findCapacity`, which only grows, a good
 * guess (the Redis search starts at the in-memory result) costs no steps
 * far below it. Returns 0 when even `granularity` fails. Measurements are
 * noisy: the result is "a rate that passed with a higher one that failed
 * just above it", not a proof that every lower rate passes.
 */
export async function findHighestPassingRate(probe: RateProbe, options: RateSearchOptions): Promise<number> {
  const { factor, granularity, max, precision } = options;
  const round = (rate: number) => Math.min(max, Math.max(granularity, Math.round(rate / granularity) * granularity));
  let passed = 0;
  let failed: number | undefined;

  let rate = round(options.start);
  if (await probe(rate)) {
    passed = rate;
    while (failed === undefined && rate < max) {
      rate = round(rate * factor);
      if (await probe(rate)) passed = rate;
      else failed = rate;
    }
    if (failed === undefined) return passed;
  } else {
    failed = rate;
    while (passed === 0 && rate > granularity) {
      rate = round(rate / factor);
      if (await probe(rate)) passed = rate;
      else failed = rate;
    }
    if (passed === 0) return 0;
  }

  while (failed - passed > Math.max(granularity, passed * precision)) {
    const middle = round((passed + failed) / 2);
    if (middle <= passed || middle >= failed) break;
    if (await probe(middle)) passed = middle;
    else failed = middle;
  }
  return passed;
}
