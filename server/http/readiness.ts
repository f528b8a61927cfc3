/** One thing `/readyz` checks: the database answers, Redis is connected, … */
export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
}

/**
 * How long one check may take before it counts as failed: below the 2 s a
 * load balancer's probe is commonly given, so `/readyz` answers (503) in
 * time even while a check hangs on a stalled database.
 */
export const READINESS_DEADLINE_MS = 1500;

/** Whether each check passed, by name, in the order given. */
export type ReadinessResults = (readonly [name: string, passed: boolean])[];

/**
 * Runs the checks for `/readyz`, each bound by `deadlineMs`: one that has
 * not answered by then (or threw) counts as failed.
 *
 * A check still running from an earlier probe is not started again; the new
 * probe waits on the same run. Probed every few seconds while the database
 * stalls, the database check then holds one query, not one more per probe
 * piling up on the pool.
 */
export function createReadinessProbe(checks: readonly ReadinessCheck[], deadlineMs = READINESS_DEADLINE_MS): () => Promise<ReadinessResults> {
  const running = new Map<ReadinessCheck, Promise<boolean>>();

  const runOnce = (check: ReadinessCheck): Promise<boolean> => {
    const current = running.get(check);
    if (current) return current;
    const run = startCheck(check).finally(() => running.delete(check));
    running.set(check, run);
    return run;
  };

  return () => Promise.all(checks.map(async (check) => [check.name, await withDeadline(runOnce(check), deadlineMs)] as const));
}

/** Whether the check passed: false when it answered anything but true, rejected or threw. */
async function startCheck(check: ReadinessCheck): Promise<boolean> {
  try {
    return (await check.check()) === true;
  } catch {
    return false;
  }
}

/** `result`, or false when it has not settled within `ms`. */
async function withDeadline(result: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([result, late]);
  } finally {
    clearTimeout(timer);
  }
}
