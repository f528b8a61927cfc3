import type { RoomId } from '../../shared/ids.js';
import type { Logger } from '../logger.js';
import { Room, type RoomCloseReason, type TransportSettings } from './room.js';
import type { WorkerPool } from './workerPool.js';

/**
 * The live rooms of this process. Creation is serialised per room id, so two
 * people joining at once never get two routers; a room that closes removes
 * itself.
 */
export class RoomRegistry {
  private readonly rooms = new Map<RoomId, Room>();
  private readonly creating = new Map<RoomId, Promise<Room>>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly transportSettings: TransportSettings,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  get(id: RoomId): Room | undefined {
    return this.rooms.get(id);
  }

  /** The open room with this id, creating it (and its router) if needed. */
  async getOrCreate(id: RoomId): Promise<Room> {
    const existing = this.rooms.get(id);
    if (existing?.isOpen) return existing;
    let pending = this.creating.get(id);
    if (!pending) {
      pending = this.create(id).finally(() => this.creating.delete(id));
      this.creating.set(id, pending);
    }
    return pending;
  }

  /** Closes every room (shutdown): their peers are evicted and told. */
  closeAll(reason: RoomCloseReason): void {
    for (const room of [...this.rooms.values()]) room.close(reason);
  }

  private async create(id: RoomId): Promise<Room> {
    const router = await this.pool.createRouter();
    const room = new Room(id, router, this.transportSettings, this.logger.child({ roomId: id }));
    this.rooms.set(id, room);
    room.onClose(() => {
      if (this.rooms.get(id) === room) this.rooms.delete(id);
    });
    this.logger.info({ roomId: id }, 'room opened');
    return room;
  }
}
