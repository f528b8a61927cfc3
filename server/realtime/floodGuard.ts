import { fail } from '../../shared/ack.js';
import { AppError } from '../../shared/errors.js';
import type { HandlerContext } from './registerHandler.js';

/** The refusal every rate-limited request gets. */
export function rateLimited(waitMs: number): AppError {
  return new AppError('RATE_LIMITED', `too many requests: wait ${Math.ceil(waitMs / 1000)} s and try again`);
}

/**
 * Counts a refused request against the socket and cuts the socket off once
 * it has kept flooding past its strikes. Other sockets are not affected.
 */
export async function strike(ctx: HandlerContext): Promise<void> {
  if (!ctx.socket.connected) return;
  if (await ctx.rateLimits.strike(ctx.socket.id)) {
    ctx.logger.warn('socket kept flooding past its rate limit: disconnected');
    ctx.socket.disconnect(true);
  }
}

/**
 * Counts the caller's arrival against their network address's budget, once
 * per connection: fresh identities multiply arrivals, each on a connection
 * of its own. What the same connection does next (moving into a buzz group
 * and back, joining again after a failure) is the person's own joins
 * budget, so a venue behind one address splitting into buzz groups spends
 * nothing more from it. Refused: RATE_LIMITED, and a strike.
 */
export async function countArrival(ctx: HandlerContext): Promise<void> {
  if (ctx.session.hasArrived) return;
  const waitMs = await ctx.rateLimits.arrival(ctx.session.address);
  if (waitMs !== null) {
    void strike(ctx);
    throw rateLimited(waitMs);
  }
  ctx.session.hasArrived = true;
}

/**
 * Puts every incoming packet of a socket — known events or not, with an ack
 * or not — through the socket's budget before any handler sees it.
 * Refused packets are answered RATE_LIMITED when they carry an ack and are
 * otherwise dropped.
 */
export function guardSocket(ctx: HandlerContext): void {
  ctx.socket.use((packet, next) => {
    void ctx.rateLimits.socketEvent(ctx.socket.id).then((waitMs) => {
      if (waitMs === null) {
        next();
        return;
      }
      const ack = packet.at(-1);
      if (typeof ack === 'function') (ack as (response: unknown) => void)(fail(rateLimited(waitMs).toBody()));
      void strike(ctx);
    });
  });
  ctx.socket.on('disconnect', () => ctx.rateLimits.forgetSocket(ctx.socket.id));
}
