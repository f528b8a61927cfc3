import type { z } from 'zod';
import { fail, ok, type Ack } from '../../shared/ack.js';
import { AppError } from '../../shared/errors.js';
import {
  clientEvents,
  type ClientEventName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/events.js';
import { EVENT_PERMISSIONS, hasPermission, type Permission } from '../auth/permissions.js';
import { databaseUnavailability, STORAGE_UNAVAILABLE } from '../db/databaseUnavailable.js';
import type { Logger } from '../logger.js';
import { rateLimited, strike } from './floodGuard.js';
import type { RateLimits } from './rateLimits.js';
import type { SocketSession } from './session.js';
import type { AppSocket } from './types.js';

export interface HandlerContext {
  socket: AppSocket;
  session: SocketSession;
  logger: Logger;
  rateLimits: RateLimits;
}

export type Handler<E extends ClientEventName> = (
  ctx: HandlerContext,
  payload: ParsedRequestOf<E>,
) => Promise<ResponseOf<E>> | ResponseOf<E>;

/** Registers one client→server event on one socket; its permission comes from EVENT_PERMISSIONS. */
export type RegisterHandler = <E extends ClientEventName>(event: E, handler: Handler<E>) => void;

/** Summarises validation issues without echoing the (possibly huge) input. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
    .join('; ');
}

function describeRefusal(permission: Permission): string {
  switch (permission) {
    case 'media:send':
    case 'stage:leave':
      return 'unless you are on stage';
    case 'hand:raise':
      return 'unless you are in the audience';
    case 'moderate':
      return 'unless you are a moderator in the room';
    case 'roster:read':
      return 'unless the moderators let everyone see who is here';
    default:
      return 'before joining a room';
  }
}

/**
 * The one way a handler is attached to a socket. It checks that an ack was
 * given (no ack: the event is dropped), validates the payload against the
 * contract, checks the caller's role and seat and the person's rate budget,
 * runs the handler one at a time per socket, and turns every outcome into an
 * `Ack`: AppErrors keep their code; a database that is not answering is
 * UNAVAILABLE with reason `storage` (clients retry it); anything else is
 * logged and reported as INTERNAL without details. (The socket's own budget
 * is checked before any of this, by floodGuard.)
 */
export function createHandlerRegistrar(ctx: HandlerContext): RegisterHandler {
  // Socket.IO's typed `on` cannot take a generic event name; the contract
  // types are re-applied through `Handler<E>` below.
  const socket = ctx.socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void };

  return (event, handler) => {
    const permission = EVENT_PERMISSIONS[event];
    socket.on(event, (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') {
        ctx.logger.debug({ event }, 'event without acknowledgement dropped');
        return;
      }
      const respond = (response: Ack<unknown>) => (ack as (response: Ack<unknown>) => void)(response);
      if (args.length !== 2) {
        respond(fail({ code: 'INVALID_PAYLOAD', message: 'expected one payload and an acknowledgement' }));
        return;
      }
      const parsed = clientEvents[event].request.safeParse(args[0]);
      if (!parsed.success) {
        respond(fail({ code: 'INVALID_PAYLOAD', message: describeIssues(parsed.error) }));
        return;
      }
      void ctx.session
        .serialize(async () => {
          // Checked in turn, not on arrival: an earlier event of this socket
          // (joining, stepping down) may change the caller's seat.
          if (!hasPermission(ctx.session.actor(), permission)) {
            throw new AppError('FORBIDDEN', `you cannot ${event} ${describeRefusal(permission)}`);
          }
          // The person's budget (shared by all their sockets) for what others see: messages, reactions,
          // votes, joins; and their address's, for what identities minted in advance could multiply (messages).
          const waitMs = await ctx.rateLimits.callerAction({ userId: ctx.session.identity.userId, address: ctx.session.address }, event);
          if (waitMs !== null) {
            void strike(ctx);
            throw rateLimited(waitMs);
          }
          return handler(ctx, parsed.data as ParsedRequestOf<typeof event>);
        })
        .then(
          (data) => respond(ok(data)),
          (error: unknown) => {
            if (error instanceof AppError) {
              respond(fail(error.toBody()));
              return;
            }
            const unavailability = databaseUnavailability(error);
            if (unavailability) {
              // A passing state of the database, not a bug: one line without a stack, and the client retries.
              ctx.logger.warn({ event, unavailability }, 'database not answering; answered UNAVAILABLE');
              respond(fail(STORAGE_UNAVAILABLE));
            } else {
              ctx.logger.error({ err: error, event }, 'handler failed');
              respond(fail({ code: 'INTERNAL', message: 'something went wrong on the server' }));
            }
          },
        );
    });
  };
}
