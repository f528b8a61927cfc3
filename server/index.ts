import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { describeAnnouncedAddress } from './media/announcedAddress.js';
import { startPlatform } from './platform.js';

/** Process entry: configuration, start-up, and a graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  watchUnhandledRejections(logger, config.unhandledRejections);
  const media = describeAnnouncedAddress(config.rtc.announced);
  logger[media.level]({ announcedIp: config.rtc.announced.ip, chosenFrom: config.rtc.announced.source }, media.message);

  const platform = await startPlatform(config, logger);
  logger.info(
    { url: platform.url, database: platform.db.kind, redis: Boolean(config.redisUrl), workers: platform.pool.pids().length },
    `Convene is running at ${platform.url}`,
  );
  logger.info('To moderate a session, mint an invitation link: npm run invite -- <room-id> moderator');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'graceful stop took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    platform.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** The exit code of a process that stops on an unhandled rejection (UNHANDLED_REJECTIONS=exit, in tests). */
const UNHANDLED_REJECTION_EXIT_CODE = 70;

/**
 * A promise rejection nobody handled is a bug, but not one that should take
 * every person on this process out of their session (Node's default): it is
 * logged with its stack, and the process goes on. Tests ask for `exit`, so
 * that one fails the suite instead of passing unnoticed.
 */
function watchUnhandledRejections(logger: ReturnType<typeof createLogger>, mode: 'log' | 'exit'): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection');
    if (mode === 'exit') process.exit(UNHANDLED_REJECTION_EXIT_CODE);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Convene failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
