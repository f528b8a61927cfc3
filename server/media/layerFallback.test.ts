import { describe, expect, it } from 'vitest';
import { LayerFallback } from './layerFallback.js';

describe('LayerFallback', () => {
  it('follows the wanted layer while the stream arrives well', () => {
    const fallback = new LayerFallback(2);
    expect(fallback.score(10, 0)).toBe(false);
    expect(fallback.layer).toBe(2);
    fallback.want(1);
    expect(fallback.layer).toBe(1);
  });

  it('drops to the lowest layer on a poor score', () => {
    const fallback = new LayerFallback(2);
    expect(fallback.score(4, 0)).toBe(true);
    expect(fallback.layer).toBe(0);
    expect(fallback.degraded).toBe(true);
    // Asking for a bigger layer meanwhile does not lift the cap.
    fallback.want(2);
    expect(fallback.layer).toBe(0);
  });

  it('comes back only after the score stayed good for the recovery time', () => {
    const fallback = new LayerFallback(2);
    fallback.score(3, 0);
    expect(fallback.score(10, 1_000)).toBe(false);
    expect(fallback.score(10, 6_000)).toBe(false);
    expect(fallback.layer).toBe(0);
    expect(fallback.score(10, 11_000)).toBe(true);
    expect(fallback.layer).toBe(2);
  });

  it('says when a pending recovery is due, since a steady score is not reported again', () => {
    const fallback = new LayerFallback(2);
    expect(fallback.recoveryDueIn(0)).toBeNull();
    fallback.score(3, 0);
    expect(fallback.recoveryDueIn(500)).toBeNull();
    fallback.score(10, 1_000);
    expect(fallback.recoveryDueIn(4_000)).toBe(7_000);
    expect(fallback.score(10, 11_000)).toBe(true);
    expect(fallback.recoveryDueIn(11_000)).toBeNull();
  });

  it('restarts the recovery clock when the score dips again', () => {
    const fallback = new LayerFallback(1);
    fallback.score(2, 0);
    fallback.score(10, 1_000);
    fallback.score(7, 5_000);
    expect(fallback.score(10, 11_500)).toBe(false);
    expect(fallback.score(10, 21_500)).toBe(true);
    expect(fallback.layer).toBe(1);
  });
});
