import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPolling } from './polling.js';

describe('startPolling', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads every interval after the last read settled, never two at once', async () => {
    let finish: () => void = () => undefined;
    const read = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const stop = startPolling(read, 2_000);
    expect(read).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(read).toHaveBeenCalledTimes(1);
    // A slow server: the next read waits for this one.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(read).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledTimes(2);
    stop();
  });

  it('tries again after a failed read', async () => {
    const read = vi.fn(() => Promise.reject(new Error('unreachable')));
    const stop = startPolling(read, 1_000);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(read).toHaveBeenCalledTimes(3);
    stop();
  });

  it('reads no more once stopped, and aborts the read under way', async () => {
    const signals: AbortSignal[] = [];
    const read = vi.fn((signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    const stop = startPolling(read, 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    stop();
    expect(signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('never reads when stopped before the first interval', async () => {
    const read = vi.fn(() => Promise.resolve());
    startPolling(read, 1_000)();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(read).not.toHaveBeenCalled();
  });
});
