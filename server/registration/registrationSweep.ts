import type { Logger } from '../logger.js';

/**
 * The background work of taking part, now and then every `everyMs`: lapsed
 * waiting-list offers passed on, due reminders written, access needs and
 * unconfirmed mailing-list sign-ups forgotten when their time is up,
 * stalled announcements taken up. Every
 * process runs it: each task is safe to run from several at once (lines
 * settled under their session's lock, reminders claimed once, batches
 * written under their announcement's lock). A failure (the database
 * stalled) is logged and tried next time; one task's failure does not
 * keep the others from running.
 */
export function startRegistrationSweep(deps: {
  tasks: readonly (() => Promise<unknown>)[];
  logger: Logger;
  /** Offers lapse and reminders leave within this of their time (REGISTRATION_SWEEP_MS). */
  everyMs: number;
}): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= (async () => {
      for (const task of deps.tasks) {
        try {
          await task();
        } catch (error) {
          deps.logger.warn({ err: error }, 'a background task of taking part failed; trying again soon');
        }
      }
      running = null;
    })();
  };
  sweep();
  const timer = setInterval(sweep, deps.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
