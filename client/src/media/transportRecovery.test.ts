import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { combineLinkStatus, DISCONNECTED_GRACE_MS, STUCK_AFTER_MS, TransportRecovery, type MediaLinkStatus } from './transportRecovery.js';

/** A recovery whose attempts are counted and whose status changes are recorded. */
function watch(recover: () => Promise<void> = () => Promise.resolve()) {
  const statuses: MediaLinkStatus[] = [];
  const attempts = vi.fn(recover);
  const recovery = new TransportRecovery({ recover: attempts, onStatusChange: (status) => statuses.push(status), random: () => 0.5 });
  return { recovery, statuses, attempts };
}

describe('TransportRecovery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says nothing while a transport connects in time', async () => {
    const { recovery, statuses, attempts } = watch();
    recovery.handleState('new');
    recovery.handleState('connecting');
    await vi.advanceTimersByTimeAsync(STUCK_AFTER_MS - 1);
    recovery.handleState('connected');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(statuses).toEqual([]);
    expect(attempts).not.toHaveBeenCalled();
  });

  it('reports a failed transport and retries it with backoff until it connects', async () => {
    const { recovery, statuses, attempts } = watch();
    recovery.handleState('connecting');
    recovery.handleState('failed');
    expect(statuses).toEqual(['failed']);

    // First attempt after 1 s; it fails again (Firefox says so after a few seconds).
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['failed', 'retrying']);
    recovery.handleState('connecting');
    recovery.handleState('failed');

    // Then after 2 s, then 4 s.
    await vi.advanceTimersByTimeAsync(1_999);
    expect(attempts).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toHaveBeenCalledTimes(2);
    recovery.handleState('failed');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(attempts).toHaveBeenCalledTimes(3);

    recovery.handleState('connected');
    expect(statuses).toEqual(['failed', 'retrying', 'failed', 'retrying', 'failed', 'retrying', 'ok']);

    // Connected again: a later failure starts the backoff from its first step.
    recovery.handleState('failed');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts).toHaveBeenCalledTimes(4);
  });

  it('treats a transport stuck connecting as failed (a firewall drops its packets, the browser never says)', async () => {
    const { recovery, statuses, attempts } = watch();
    recovery.handleState('connecting');
    await vi.advanceTimersByTimeAsync(STUCK_AFTER_MS);
    expect(statuses).toEqual(['failed']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts).toHaveBeenCalledTimes(1);
    // The attempt never connects either: failed again, and the next one comes later.
    await vi.advanceTimersByTimeAsync(STUCK_AFTER_MS);
    expect(statuses).toEqual(['failed', 'retrying', 'failed']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(attempts).toHaveBeenCalledTimes(2);
  });

  it('gives a dropped connection a moment to come back by itself', async () => {
    const { recovery, statuses, attempts } = watch();
    recovery.handleState('connected');
    recovery.handleState('disconnected');
    await vi.advanceTimersByTimeAsync(DISCONNECTED_GRACE_MS - 1);
    recovery.handleState('connected');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(statuses).toEqual([]);

    recovery.handleState('disconnected');
    await vi.advanceTimersByTimeAsync(DISCONNECTED_GRACE_MS);
    expect(statuses).toEqual(['failed']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts).toHaveBeenCalledTimes(1);
  });

  it('tries again at once when the person asks, and counts an attempt that could not be made as failed', async () => {
    let isServerReachable = false;
    const { recovery, statuses, attempts } = watch(() =>
      isServerReachable ? Promise.resolve() : Promise.reject(new Error('not connected')),
    );
    recovery.handleState('failed');
    recovery.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['failed', 'retrying', 'failed']);

    isServerReachable = true;
    recovery.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toHaveBeenCalledTimes(2);
    // Asking again while the attempt is under way does not start another.
    recovery.retryNow();
    expect(attempts).toHaveBeenCalledTimes(2);
    recovery.handleState('connected');
    expect(recovery.currentStatus).toBe('ok');
    // Nothing to retry while connected.
    recovery.retryNow();
    expect(attempts).toHaveBeenCalledTimes(2);
  });

  it('starts over with a new transport: the trouble of the old one is over, the backoff goes on', async () => {
    let replace = () => undefined as void;
    const { recovery, statuses, attempts } = watch(() => Promise.resolve(replace()));
    recovery.handleState('connecting');
    recovery.handleState('failed');
    await vi.advanceTimersByTimeAsync(1_000);
    recovery.handleState('failed');
    expect(attempts).toHaveBeenCalledTimes(1);

    // The next attempt replaces the transport; the new one has nothing to carry yet and never connects.
    replace = () => recovery.startOver();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(attempts).toHaveBeenCalledTimes(2);
    expect(statuses.slice(-2)).toEqual(['retrying', 'ok']);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(attempts).toHaveBeenCalledTimes(2);
    expect(recovery.currentStatus).toBe('ok');

    // Once it carries something and fails, the backoff continues where it was (4 s, not 1 s).
    recovery.handleState('connecting');
    recovery.handleState('failed');
    expect(recovery.currentStatus).toBe('failed');
    await vi.advanceTimersByTimeAsync(3_999);
    expect(attempts).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toHaveBeenCalledTimes(3);
  });

  it('watches a new transport that fails while the attempt that made it finishes', async () => {
    let finishAttempt = () => undefined as void;
    const { recovery, statuses } = watch(
      () =>
        new Promise<void>((resolve) => {
          finishAttempt = resolve;
        }),
    );
    recovery.handleState('failed');
    recovery.retryNow();
    recovery.startOver();
    recovery.handleState('connecting');
    recovery.handleState('failed');
    finishAttempt();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual(['failed', 'retrying', 'ok', 'failed']);
    expect(recovery.currentStatus).toBe('failed');
  });

  it('counts what started each attempt', async () => {
    const { recovery } = watch();
    recovery.handleState('failed');
    await vi.advanceTimersByTimeAsync(1_000);
    recovery.handleState('failed');
    recovery.retryNow();
    expect(recovery.attempts).toEqual({ backoff: 1, person: 1 });
  });

  it('stops for good once closed', async () => {
    const { recovery, attempts } = watch();
    recovery.handleState('failed');
    recovery.close();
    await vi.advanceTimersByTimeAsync(120_000);
    recovery.handleState('failed');
    recovery.retryNow();
    expect(attempts).not.toHaveBeenCalled();
  });
});

describe('combineLinkStatus', () => {
  it('tells the person the worst of the two directions', () => {
    expect(combineLinkStatus([])).toBe('ok');
    expect(combineLinkStatus(['ok', 'retrying'])).toBe('retrying');
    expect(combineLinkStatus(['retrying', 'failed'])).toBe('failed');
  });
});
