import { AppError } from '../../shared/errors.js';
import type { Identity } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import type { Actor } from '../auth/permissions.js';
import type { Peer } from '../media/peer.js';
import type { Room } from '../media/room.js';

export interface Membership {
  room: Room;
  peer: Peer;
  /** The Socket.IO channels joined for this room (left together). */
  channels: string[];
}

/**
 * What the server knows about one connected socket: its identity (from the
 * verified token) and the room it is in. Handlers of one socket run one at a
 * time, so a join and a leave can never interleave.
 */
export class SocketSession {
  membership: Membership | null = null;
  /** The room whose lobby this socket waits in, if any. */
  waitingIn: RoomId | null = null;
  /** This connection has arrived in a room once (its address's budget paid; see floodGuard's countArrival). */
  hasArrived = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly identity: Identity,
    /** Where the connection comes from (see clientAddress.ts), for the per-address budgets. */
    readonly address: string,
  ) {}

  /** The room and peer of the caller, or CONFLICT when it has not joined one. */
  requireMembership(): Membership {
    if (!this.membership) throw new AppError('CONFLICT', 'join a room first');
    return this.membership;
  }

  /** The caller as permissions see it: its role and seat in its room (no seat outside one). */
  actor(): Actor {
    const membership = this.membership;
    if (!membership || !membership.room.isOpen) return { role: this.identity.role, seat: null };
    return membership.room.actorOf(membership.peer);
  }

  /** Runs `task` after every task queued before it on this socket. */
  serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
