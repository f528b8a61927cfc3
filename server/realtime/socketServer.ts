import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ErrorCode } from '../../shared/errors.js';
import { handshakeAuthSchema, type ConnectRejection } from '../../shared/events.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import type { TokenService } from '../auth/tokens.js';
import type { Logger } from '../logger.js';
import { registerInvitationHandlers, type InvitationDeps } from '../invitations/invitationHandlers.js';
import { registerMediaHandlers } from '../media/mediaHandlers.js';
import { registerModerationHandlers, type ModerationDeps } from '../moderation/moderationHandlers.js';
import { registerChatHandlers, type ChatDeps } from '../conversation/chatHandlers.js';
import { registerReactionHandlers, type ReactionDeps } from '../conversation/reactionHandlers.js';
import { registerPollHandlers, type PollDeps } from '../polls/pollHandlers.js';
import { registerQuestionHandlers, type QuestionDeps } from '../questions/questionHandlers.js';
import { registerCatchUpHandler } from '../conversation/catchUpHandler.js';
import { disconnected, leaveLobby, leaveRoom, type MembershipDeps } from '../rooms/membership.js';
import { registerRoomControlHandlers, type RoomControlDeps } from '../rooms/roomControlHandlers.js';
import { registerRoomHandlers } from '../rooms/roomHandlers.js';
import { registerStageHandlers } from '../stage/stageHandlers.js';
import { registerBuzzHandlers, type BuzzHandlerDeps } from '../buzz/buzzHandlers.js';
import { registerRecordingHandlers, type RecordingHandlerDeps } from '../recording/recordingHandlers.js';
import { clientAddress } from './clientAddress.js';
import { guardSocket } from './floodGuard.js';
import type { RateLimits } from './rateLimits.js';
import { createHandlerRegistrar, type HandlerContext } from './registerHandler.js';
import { SocketSession } from './session.js';
import type { AppServer } from './types.js';

export interface HandshakeDeps {
  tokens: TokenService;
  /**
   * Largest message a client may send (config MAX_MESSAGE_BYTES). The
   * biggest legitimate payload is a device's RTP capabilities (a few KB);
   * anything beyond is refused by Socket.IO itself, which drops the connection.
   */
  maxMessageBytes: number;
}

export interface ConnectionDeps
  extends MembershipDeps,
    ModerationDeps,
    InvitationDeps,
    ChatDeps,
    QuestionDeps,
    PollDeps,
    ReactionDeps,
    RoomControlDeps,
    BuzzHandlerDeps,
    RecordingHandlerDeps {
  logger: Logger;
  rateLimits: RateLimits;
  /** Proxies in front of the server whose X-Forwarded-For is believed (TRUST_PROXY). */
  trustedProxies: number;
}

function rejection(code: ConnectRejection['code'] & ErrorCode, message: string): Error {
  const data: ConnectRejection = { code, message, serverProtocolVersion: PROTOCOL_VERSION };
  return Object.assign(new Error(message), { data });
}

/** Creates the Socket.IO server with its handshake checks (identity token, protocol version). */
export function createSocketServer(httpServer: HttpServer, deps: HandshakeDeps): AppServer {
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: deps.maxMessageBytes,
  });

  io.use((socket, next) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) {
      next(rejection('INVALID_PAYLOAD', 'the handshake needs { token, protocolVersion }'));
      return;
    }
    if (auth.data.protocolVersion !== PROTOCOL_VERSION) {
      next(
        rejection(
          'PROTOCOL_MISMATCH',
          `this server speaks protocol ${PROTOCOL_VERSION}, the client ${auth.data.protocolVersion}: reload the page`,
        ),
      );
      return;
    }
    deps.tokens.verify(auth.data.token).then(
      (identity) => {
        if (!identity) {
          next(rejection('UNAUTHENTICATED', 'the token is invalid or expired'));
          return;
        }
        socket.data.identity = identity;
        next();
      },
      (error: unknown) => next(error as Error),
    );
  });

  return io;
}

/** The one place event handlers are registered, for every socket that connects. */
export function handleConnections(io: AppServer, deps: ConnectionDeps): void {
  io.on('connection', (socket) => {
    const address = clientAddress(socket.request, deps.trustedProxies);
    const session = new SocketSession(socket.data.identity, address);
    const ctx: HandlerContext = {
      socket,
      session,
      logger: deps.logger.child({ socketId: socket.id, userId: session.identity.userId }),
      rateLimits: deps.rateLimits,
    };
    guardSocket(ctx);
    const on = createHandlerRegistrar(ctx);
    registerRoomHandlers(on, deps);
    registerMediaHandlers(on);
    registerStageHandlers(on, deps);
    registerModerationHandlers(on, deps);
    registerInvitationHandlers(on, deps);
    registerChatHandlers(on, deps);
    registerCatchUpHandler(on, deps);
    registerQuestionHandlers(on, deps);
    registerPollHandlers(on, deps);
    registerReactionHandlers(on, deps);
    registerRoomControlHandlers(on, deps);
    registerBuzzHandlers(on, deps);
    registerRecordingHandlers(on, deps);

    socket.on('disconnect', (reason) => {
      ctx.logger.debug({ reason }, 'socket disconnected');
      // A client that closes its socket itself (leaving, closing the tab) is
      // gone; any other loss (network, timeout) may come back within the grace period.
      const leaving = reason === 'client namespace disconnect';
      const gone = async () => {
        await leaveLobby(ctx, deps);
        await (leaving ? leaveRoom(ctx, deps) : disconnected(ctx, deps));
      };
      void session.serialize(gone).catch((error: unknown) => {
        ctx.logger.error({ err: error }, 'leaving the room on disconnect failed');
      });
    });
  });
}
