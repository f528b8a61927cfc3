import type { RequestHandler } from 'express';
import { clientAddress } from '../realtime/clientAddress.js';

/** Takes one from an address's budget: null when allowed, else how long to wait (ms). See RateLimits. */
export type AddressBudget = (address: string) => Promise<number | null>;

/**
 * Guards an endpoint with a budget per network address: beyond it the
 * answer is 429 RATE_LIMITED with Retry-After (seconds), saying there were
 * too many `what` (“new identities”), and the route is not run.
 */
export function limitByAddress(take: AddressBudget, trustedProxies: number, what: string): RequestHandler {
  return (req, res, next) => {
    take(clientAddress(req, trustedProxies)).then((waitMs) => {
      if (waitMs === null) {
        next();
        return;
      }
      const seconds = Math.ceil(waitMs / 1000);
      res
        .status(429)
        .set('Retry-After', String(seconds))
        .json({ error: { code: 'RATE_LIMITED', message: `too many ${what} from your network: wait ${seconds} s and try again` } });
    }, next);
  };
}
