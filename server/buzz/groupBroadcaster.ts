import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { asRoomId } from '../../shared/ids.js';
import type { BuzzRepository } from '../db/buzzRepository.js';
import type { Peer } from '../media/peer.js';
import type { Room } from '../media/room.js';
import type { RoomRegistry } from '../media/roomRegistry.js';
import type { Membership } from '../realtime/session.js';

interface Speaking {
  guests: { room: Room; peer: Peer }[];
  stopWatching: () => void;
}

/**
 * A moderator speaking to every buzz group at once: their microphone is
 * added to each group's room as a guest (piped from their own router, no
 * second upload), and taken out again when they stop or the track ends.
 */
export class GroupBroadcaster {
  /** By the moderator's peer. */
  private readonly speaking = new Map<Peer, Speaking>();

  constructor(private readonly deps: { registry: RoomRegistry; buzzRounds: BuzzRepository }) {}

  /** @returns how many groups now hear the moderator. */
  async start(by: Membership): Promise<number> {
    const microphone = by.peer.producersOf(['microphone'])[0];
    if (!microphone) throw new AppError('CONFLICT', 'turn your microphone on first');
    const round = await this.deps.buzzRounds.current(by.room.sessionId);
    if (!round || (round.phase !== 'running' && round.phase !== 'ending')) {
      throw new AppError('CONFLICT', 'there are no buzz groups running');
    }
    this.stop(by);
    const { displayName } = by.peer.identity;
    const guests: Speaking['guests'] = [];
    for (const group of round.groups) {
      const room = group.roomId ? this.deps.registry.get(asRoomId(group.roomId)) : undefined;
      // Groups nobody has entered yet have no room; the moderator's own group hears them directly.
      if (!room?.isOpen || room === by.room) continue;
      const identity = {
        userId: randomUUID(),
        displayName: `${displayName} (to all groups)`,
        role: 'moderator' as const,
        roomId: null,
        invitationId: null,
      };
      guests.push({ room, peer: room.addGuest(identity, by.peer.router, microphone.producer) });
    }
    const onClose = () => this.stop(by);
    microphone.producer.observer.once('close', onClose);
    this.speaking.set(by.peer, {
      guests,
      stopWatching: () => microphone.producer.observer.off('close', onClose),
    });
    return guests.length;
  }

  /** @returns 0: no group hears the moderator any more. */
  stop(by: Membership): number {
    const speaking = this.speaking.get(by.peer);
    if (!speaking) return 0;
    this.speaking.delete(by.peer);
    speaking.stopWatching();
    for (const { room, peer } of speaking.guests) room.remove(peer);
    return 0;
  }
}
