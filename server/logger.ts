import { pino, type DestinationStream, type Logger } from 'pino';
import { logRedaction } from './http/logRedaction.js';

export type { Logger };

/**
 * JSON logs on stdout (or `destination`); one child logger per request or
 * socket carries its id. Every line goes through the same redaction: no
 * token, cookie or credential-bearing URL is ever written.
 */
export function createLogger(level: string, name = 'convene', destination?: DestinationStream): Logger {
  const options = { name, level, redact: logRedaction };
  return destination ? pino(options, destination) : pino(options);
}
