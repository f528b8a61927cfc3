/**
 * Reads `everyMs` after the last read settled, until stopped: never two
 * reads at once however slow the server is, and a failed read is simply
 * tried again next time. Stopping aborts a read under way.
 */
export function startPolling(read: (signal: AbortSignal) => Promise<unknown>, everyMs: number): () => void {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      read(controller.signal)
        .catch(() => undefined)
        .finally(() => {
          if (!controller.signal.aborted) schedule();
        });
    }, everyMs);
  };
  schedule();
  return () => {
    controller.abort();
    clearTimeout(timer);
  };
}
