import { z } from 'zod';
import { ROLES, type Role } from '../../shared/events.js';
import { roomIdSchema } from '../../shared/ids.js';
import type { Logger } from '../logger.js';
import type { RoomRegistry } from '../media/roomRegistry.js';
import type { AppServer } from '../realtime/types.js';

/** The server-to-server message (Socket.IO `serverSideEmit`, through Redis) that carries a person's new roles. */
const ROLES_CHANGED = 'roles:changed';

const rolesChangedSchema = z.tuple([
  // The account's id: server to server only (its peers carry it in their identity; nobody else sees it).
  z.string().min(1).max(64),
  z.array(z.object({ roomId: roomIdSchema, role: z.enum(ROLES) })).max(10_000),
]);

/** One session room's role for the person, as their grants now say. */
export interface RoomRoleChange {
  roomId: string;
  role: Role;
}

/**
 * Makes a changed grant hold at once for someone already in a room: their
 * peers in those sessions' rooms (the session's and its buzz groups'), on
 * this process and, with Redis, on every other, take the new role
 * (Room.changeRole: the stage, their tracks, their channels and view).
 * Only identities of signed-in accounts follow grants; a link's role is
 * the link's.
 */
export interface RoleChanges {
  apply(accountId: string, roles: readonly RoomRoleChange[]): void;
}

export interface RoleChangeDeps {
  io: AppServer;
  registry: RoomRegistry;
  /** Whether other processes share this one's broadcasts (a Redis adapter is attached). */
  isShared(): boolean;
  logger: Logger;
  /** Each session room whose people's roles were just applied here (a draft's room then keeps its organisers alone). */
  afterApplied?(roomId: string): Promise<void>;
}

export function createRoleChanges(deps: RoleChangeDeps): RoleChanges {
  const { io, registry, logger } = deps;
  const applyHere = (accountId: string, roles: readonly RoomRoleChange[]) => {
    for (const { roomId, role } of roles) {
      for (const room of registry.ofSession(roomIdSchema.parse(roomId))) {
        for (const peer of room.peerList()) {
          if (peer.identity.accountId !== accountId) continue;
          try {
            room.changeRole(peer, role);
          } catch (error) {
            // The peer left meanwhile: nothing to change.
            logger.debug({ err: error, roomId: room.id }, 'role change skipped');
          }
        }
      }
      void deps.afterApplied?.(roomId);
    }
  };

  io.on(ROLES_CHANGED as never, (...args: unknown[]) => {
    const parsed = rolesChangedSchema.safeParse(args);
    if (!parsed.success) {
      logger.warn({ args: args.length }, 'malformed role change ignored');
      return;
    }
    applyHere(...parsed.data);
  });

  return {
    apply(accountId, roles) {
      if (roles.length === 0) return;
      applyHere(accountId, roles);
      if (deps.isShared()) io.serverSideEmit(ROLES_CHANGED, accountId, roles);
    },
  };
}
