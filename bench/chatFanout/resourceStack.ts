/**
 * Things to close, newest first, whether a run ends normally, fails or is
 * interrupted: child processes above all, which would otherwise outlive
 * the benchmark and keep loading the machine.
 */
export type ResourceStack = {
  /** Registers a closer; the returned function closes it early (once). */
  push(close: () => unknown): () => Promise<void>;
  /** How many are open: a mark for {@link ResourceStack.closeDownTo}. */
  depth(): number;
  /** Closes, newest first, everything registered since `depth` was taken. */
  closeDownTo(depth: number): Promise<void>;
  /** Closes everything still open; concurrent callers share one pass. */
  closeAll(): Promise<void>;
};

export function createResourceStack(log: (line: string) => void): ResourceStack {
  const open: Array<() => unknown> = [];
  let closing: Promise<void> | undefined;
  const closeNewest = async () => {
    try {
      await open.pop()!();
    } catch (error) {
      log(`cleanup: ${String(error)}`);
    }
  };
  return {
    push(close) {
      open.push(close);
      return async () => {
        const index = open.indexOf(close);
        if (index < 0) return;
        open.splice(index, 1);
        await close();
      };
    },
    depth: () => open.length,
    async closeDownTo(depth) {
      while (open.length > depth) await closeNewest();
    },
    closeAll() {
      closing ??= (async () => {
        while (open.length > 0) await closeNewest();
      })();
      return closing;
    },
  };
}

/**
 * On SIGINT or SIGTERM, closes everything and exits with the signal's
 * conventional code. `interruptedWith()` tells a run being torn down that
 * its failures are the interruption's, not the benchmark's.
 */
export function closeOnInterrupt(resources: ResourceStack, log: (line: string) => void): { interruptedWith(): number | undefined } {
  let interruptedWith: number | undefined;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      interruptedWith = code;
      void resources.closeAll().finally(() => process.exit(code));
    });
  }
  return { interruptedWith: () => interruptedWith };
}

/**
 * Runs a benchmark's measurement. On failure, everything is closed first;
 * a failure caused by an interruption (its resources closed under it)
 * exits with the signal's code instead of being reported.
 */
export async function runClosingOnFailure<T>(
  run: () => Promise<T>,
  resources: ResourceStack,
  interrupt: { interruptedWith(): number | undefined },
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await resources.closeAll();
    const interruptedWith = interrupt.interruptedWith();
    if (interruptedWith !== undefined) process.exit(interruptedWith);
    throw error;
  }
}
