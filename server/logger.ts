import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; one child logger per request or socket carries its id. */
export function createLogger(level: string, name = 'convene'): Logger {
  return pino({ name, level });
}
