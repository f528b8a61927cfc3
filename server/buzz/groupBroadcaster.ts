import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { AppError } from '../../shared/errors.js';
import type { Identity } from '../../shared/events.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import type { BuzzRepository } from '../db/buzzRepository.js';
import type { Logger } from '../logger.js';
import type { Peer } from '../media/peer.js';
import type { Room } from '../media/room.js';
import type { RoomRegistry } from '../media/roomRegistry.js';
import type { Membership } from '../realtime/session.js';

/** The moderator's microphone carried into one group's room, and the guest who sends it there. */
interface Guest {
  peer: Peer;
  relay: Relay;
}

/** One moderator speaking to every group of one round. */
interface Speaking {
  by: Membership;
  microphone: types.Producer;
  /** The round's group rooms: only these hear the moderator, however late they open. */
  groupRoomIds: ReadonlySet<RoomId>;
  /** Per open group room (a reopened room is a new object); null while its relay is being set up. */
  guests: Map<Room, Guest | null>;
  isStopped: boolean;
  stopWatching: () => void;
}

/**
 * A moderator speaking to every buzz group at once: their microphone is
 * added to each group's room as a guest (relayed from their own router, no
 * second upload), also to group rooms that open (or reopen) while they
 * speak, and taken out again when they stop, leave, or the track ends.
 */
export class GroupBroadcaster {
  /** By the moderator's peer. */
  private readonly speaking = new Map<Peer, Speaking>();

  constructor(private readonly deps: { registry: RoomRegistry; buzzRounds: BuzzRepository; logger: Logger }) {}

  /** @returns how many groups now hear the moderator. */
  async start(by: Membership): Promise<number> {
    const microphone = by.peer.producersOf(['microphone'])[0]?.producer;
    if (!microphone) throw new AppError('CONFLICT', 'turn your microphone on first');
    const round = await this.deps.buzzRounds.current(by.room.sessionId);
    if (!round || (round.phase !== 'running' && round.phase !== 'ending')) {
      throw new AppError('CONFLICT', 'there are no buzz groups running');
    }
    if (microphone.closed) throw new AppError('CONFLICT', 'turn your microphone on first');
    this.stop(by);
    const onClose = () => this.stop(by);
    microphone.observer.once('close', onClose);
    const speaking: Speaking = {
      by,
      microphone,
      groupRoomIds: new Set(round.groups.flatMap((group) => (group.roomId ? [asRoomId(group.roomId)] : []))),
      guests: new Map(),
      isStopped: false,
      stopWatching: () => microphone.observer.off('close', onClose),
    };
    // Registered before any await: a group room opening meanwhile is let in by memberJoined.
    this.speaking.set(by.peer, speaking);
    const joining = [...speaking.groupRoomIds].map((roomId) => {
      const room = this.deps.registry.get(roomId);
      // Groups nobody has entered yet have no room: they get the guest when their first member joins.
      return room?.isOpen ? this.bringIn(speaking, room) : Promise.resolve();
    });
    await Promise.all(joining);
    return [...speaking.guests.values()].filter((guest) => guest !== null).length;
  }

  /** @returns 0: no group hears the moderator any more. */
  stop(by: Membership): number {
    const speaking = this.speaking.get(by.peer);
    if (!speaking) return 0;
    this.speaking.delete(by.peer);
    speaking.isStopped = true;
    speaking.stopWatching();
    for (const [room, guest] of speaking.guests) {
      // One still being set up notices isStopped and undoes itself.
      if (guest) dismiss(room, guest);
    }
    speaking.guests.clear();
    return 0;
  }

  /**
   * Someone entered a room. A group room that opened (or reopened) while a
   * moderator speaks to all groups hears them too; called for every join,
   * it does nothing where the guest already is.
   */
  memberJoined(room: Room): void {
    for (const speaking of this.speaking.values()) {
      if (speaking.groupRoomIds.has(room.id)) {
        void this.bringIn(speaking, room);
      }
    }
  }

  private async bringIn(speaking: Speaking, room: Room): Promise<void> {
    // The moderator's own group (visiting it) hears them directly.
    if (speaking.isStopped || speaking.guests.has(room) || room === speaking.by.room) return;
    // A guest lives on one of the room's routers; its people are seated on them.
    const router = room.peerList().find((peer) => !room.isGuest(peer))?.router;
    if (!router) return;
    speaking.guests.set(room, null);
    room.onClose(() => {
      speaking.guests.get(room)?.relay.close();
      speaking.guests.delete(room);
    });
    let relay: Relay | null = null;
    try {
      relay = await createRelay(speaking.microphone, speaking.by.peer.router, router);
      if (speaking.isStopped || !room.isOpen) {
        relay.close();
        return;
      }
      const peer = room.addGuest(guestIdentity(speaking.by), router, relay.producer);
      speaking.guests.set(room, { peer, relay });
    } catch (error) {
      relay?.close();
      if (speaking.guests.get(room) === null) speaking.guests.delete(room);
      this.deps.logger.warn({ err: error, roomId: room.id }, 'a buzz group cannot hear the moderator');
    }
  }
}

function guestIdentity(by: Membership): Identity {
  return {
    userId: randomUUID(),
    displayName: `${by.peer.identity.displayName} (to all groups)`,
    role: 'moderator',
    roomId: null,
    invitationId: null,
    accountId: null,
  };
}

function dismiss(room: Room, guest: Guest): void {
  room.remove(guest.peer);
  // Closing the relay's producer closes every consumer of it there; their clients are told.
  guest.relay.close();
}

/** A copy of a producer on another router, under a new id. */
interface Relay {
  producer: types.Producer;
  close(): void;
}

/**
 * Carries `source` from its router into `to` through a pair of pipe
 * transports on loopback. Unlike `pipeToRouter`, the copy gets a new id:
 * that works between two routers of the same worker (one id may not appear
 * twice in a worker), and a room never meets an id it has piped or consumed
 * before, so speaking again after stopping starts clean.
 */
async function createRelay(source: types.Producer, from: types.Router, to: types.Router): Promise<Relay> {
  const [exit, entry] = await Promise.all([
    from.createPipeTransport({ listenIp: '127.0.0.1' }),
    to.createPipeTransport({ listenIp: '127.0.0.1' }),
  ]);
  const close = () => {
    exit.close();
    entry.close();
  };
  // Either end's router closing (its room closed) takes the other end with it.
  exit.observer.once('close', close);
  entry.observer.once('close', close);
  try {
    await Promise.all([
      exit.connect({ ip: entry.tuple.localIp, port: entry.tuple.localPort }),
      entry.connect({ ip: exit.tuple.localIp, port: exit.tuple.localPort }),
    ]);
    const consumer = await exit.consume({ producerId: source.id });
    const producer = await entry.produce({
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: consumer.producerPaused,
    });
    // A muted moderator is muted in every group too; the source closing ends the relay.
    consumer.observer.on('pause', () => void producer.pause().catch(() => undefined));
    consumer.observer.on('resume', () => void producer.resume().catch(() => undefined));
    consumer.observer.once('close', close);
    if (consumer.closed) throw new Error('the microphone closed meanwhile');
    return { producer, close };
  } catch (error) {
    close();
    throw error;
  }
}
