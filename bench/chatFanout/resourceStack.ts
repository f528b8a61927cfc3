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
