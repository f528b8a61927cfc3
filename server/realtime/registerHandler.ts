import type { z } from 'zod';
import { fail, ok, type Ack } from '../../shared/ack.js';
import { AppError } from '../../shared/errors.js';
import {
  clientEvents,
  type ClientEventName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/events.js';
import { hasPermission, type Permission } from '../auth/permissions.js';
import type { Logger } from '../logger.js';
import type { SocketSession } from './session.js';
import type { AppSocket } from './types.js';

export interface HandlerContext {
  socket: AppSocket;
  session: SocketSession;
  logger: Logger;
}

export type Handler<E extends ClientEventName> = (
  ctx: HandlerContext,
  payload: ParsedRequestOf<E>,
) => Promise<ResponseOf<E>> | ResponseOf<E>;

/** Registers one client→server event on one socket. */
export type RegisterHandler = <E extends ClientEventName>(
  event: E,
  permission: Permission,
  handler: Handler<E>,
) => void;

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
      return 'unless you are a moderator';
    default:
      return 'before joining a room';
  }
}

/**
 * The one way a handler is attached to a socket. It checks that an ack was
 * given (no ack: the event is dropped), validates the payload against the
 * contract, checks the caller's role and seat, runs the handler one at a time per
 * socket, and turns every outcome into an `Ack`: AppErrors keep their code;
 * anything else is logged and reported as INTERNAL without details.
 */
export function createHandlerRegistrar(ctx: HandlerContext): RegisterHandler {
  // Socket.IO's typed `on` cannot take a generic event name; the contract
  // types are re-applied through `Handler<E>` below.
  const socket = ctx.socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void };

  return (event, permission, handler) => {
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
          return handler(ctx, parsed.data as ParsedRequestOf<typeof event>);
        })
        .then(
          (data) => respond(ok(data)),
          (error: unknown) => {
            if (error instanceof AppError) {
              respond(fail(error.toBody()));
            } else {
              ctx.logger.error({ err: error, event }, 'handler failed');
              respond(fail({ code: 'INTERNAL', message: 'something went wrong on the server' }));
            }
          },
        );
    });
  };
}
