import type { RoomId } from '../../shared/ids.js';
import type { Logger } from '../logger.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import { Room, type RoomCloseReason, type RoomOptions } from './room.js';
import type { WorkerPool } from './workerPool.js';

/** Far above any group's size: a buzz group's room never refuses someone the stage. */
const BUZZ_GROUP_STAGE_LIMIT = 1_000;

export interface RoomRegistryOptions extends Pick<RoomOptions, 'transportSettings' | 'stageLimit' | 'reconnectGraceMs'> {
  pool: WorkerPool;
  broadcastTo(roomId: RoomId): RoomBroadcast;
  logger: Logger;
}

/**
 * The live rooms of this process. Creation is serialised per room id, so two
 * people joining at once never get two sets of routers; a room that closes
 * removes itself.
 */
export class RoomRegistry {
  private readonly rooms = new Map<RoomId, Room>();
  private readonly creating = new Map<RoomId, Promise<Room>>();
  private readonly openedListeners = new Set<(room: Room) => void>();

  constructor(private readonly options: RoomRegistryOptions) {}

  get size(): number {
    return this.rooms.size;
  }

  get(id: RoomId): Room | undefined {
    return this.rooms.get(id);
  }

  /** A session's rooms open here: its main room and its buzz groups'. */
  ofSession(sessionId: RoomId): Room[] {
    return [...this.rooms.values()].filter((room) => room.sessionId === sessionId);
  }

  /** The open room with this id, creating it (a router on every worker) if needed. */
  async getOrCreate(id: RoomId, group: RoomOptions['group'] = null): Promise<Room> {
    const existing = this.rooms.get(id);
    if (existing?.isOpen) return existing;
    let pending = this.creating.get(id);
    if (!pending) {
      pending = this.create(id, group).finally(() => this.creating.delete(id));
      this.creating.set(id, pending);
    }
    return pending;
  }

  /** Called with each room as it opens (before its first person is seated). */
  onOpened(listener: (room: Room) => void): void {
    this.openedListeners.add(listener);
  }

  /** Closes every room (shutdown): their peers are evicted and told. */
  closeAll(reason: RoomCloseReason): void {
    for (const room of [...this.rooms.values()]) room.close(reason);
  }

  private async create(id: RoomId, group: RoomOptions['group']): Promise<Room> {
    const { pool, logger } = this.options;
    const routers = await pool.createRouters();
    const room = new Room(id, routers, {
      transportSettings: this.options.transportSettings,
      // In a buzz group everyone may speak: the group's size is its limit.
      stageLimit: group ? BUZZ_GROUP_STAGE_LIMIT : this.options.stageLimit,
      group,
      reconnectGraceMs: this.options.reconnectGraceMs,
      loadOf: (router) => pool.load(router),
      seatOn: (router) => pool.seat(router),
      broadcast: this.options.broadcastTo(id),
      logger: logger.child({ roomId: id }),
    });
    try {
      await room.start();
    } catch (error) {
      room.close('worker-died');
      throw error;
    }
    this.rooms.set(id, room);
    room.onClose(() => {
      if (this.rooms.get(id) === room) this.rooms.delete(id);
    });
    logger.info({ roomId: id, routers: routers.length }, 'room opened');
    for (const listener of this.openedListeners) listener(room);
    return room;
  }
}
