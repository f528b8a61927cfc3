/**
 * The real-time contract: every Socket.IO event, declared once.
 *
 * Client→server events are imperatives (`room:join`) with a zod schema for the
 * request and an `Ack<Response>` answer. Server→client events are past tense
 * (`peer:joined`). The server's `Server<…>` and the client's socket are both
 * typed from this file; nothing else declares event names.
 */
import { z } from 'zod';
import type { Ack } from './ack.js';
import type { ErrorCode } from './errors.js';
import { MEDIA_SOURCES, type MediaSource } from './mediaSources.js';
import {
  consumerIdSchema,
  peerIdSchema,
  producerIdSchema,
  removalIdSchema,
  roomIdSchema,
  transportIdSchema,
  type ConsumerId,
  type PeerId,
  type ProducerId,
  type RemovalId,
  type RoomId,
  type TransportId,
} from './ids.js';
import {
  dtlsParametersSchema,
  mediaKindSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
  type DtlsParameters,
  type MediaKind,
  type RtpCapabilities,
  type RtpParameters,
} from './mediaSchemas.js';

export const ROLES = ['participant', 'speaker', 'moderator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that sit on the stage when they join (if it has room). */
export const STAGE_ROLES: readonly Role[] = ['speaker', 'moderator'];

/**
 * Who a socket is; taken from its verified token, never from a payload.
 * A role given by an invitation holds in the invitation's room only
 * (`roomId`); everywhere else its holder is a participant.
 */
export interface Identity {
  userId: string;
  displayName: string;
  role: Role;
  /** The room the role was granted for; null for a plain participant identity. */
  roomId: RoomId | null;
  /** The invitation the identity came from, if any (removal bars it). */
  invitationId: string | null;
}

export type { MediaSource };
export const mediaSourceSchema = z.enum(MEDIA_SOURCES);

/** Who paused a track: its owner (mute button) or a moderator. */
export type PausedBy = 'self' | 'moderator';

export interface ProducerInfo {
  producerId: ProducerId;
  peerId: PeerId;
  kind: MediaKind;
  source: MediaSource;
  /** Null while the track flows. */
  pausedBy: PausedBy | null;
}

/** Where a person is: on stage (may send media) or in the audience (watches, may raise a hand). */
export type Seat = 'stage' | 'audience';

export interface PeerInfo {
  peerId: PeerId;
  displayName: string;
  role: Role;
  seat: Seat;
  /** When the hand went up (server clock, ms); orders the queue. Null when down. */
  handRaisedAt: number | null;
  /** A moderator asked this person onto the stage and they have not answered yet. */
  isInvitedToStage: boolean;
  /** Lost the connection; kept for a grace period in case it comes back. */
  isReconnecting: boolean;
  producers: ProducerInfo[];
}

/** Someone a moderator removed; barred from the room until re-admitted. */
export interface RemovedPerson {
  removalId: RemovalId;
  displayName: string;
  removedAt: string;
}

export interface RoomJoined {
  roomId: RoomId;
  self: PeerInfo;
  peers: PeerInfo[];
  routerRtpCapabilities: RtpCapabilities;
  /** Most people on stage at once. */
  stageLimit: number;
  /** Who is speaking now, if anyone. */
  activeSpeakerId: PeerId | null;
  /** For moderators: people removed from this room. Empty for everyone else. */
  removed: RemovedPerson[];
}

export interface TransportOptions {
  id: TransportId;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: DtlsParameters;
}

export interface ConsumerOptions {
  consumerId: ConsumerId;
  producerId: ProducerId;
  peerId: PeerId;
  kind: MediaKind;
  source: MediaSource;
  rtpParameters: RtpParameters;
}

type Empty = Record<string, never>;
const empty = z.strictObject({});

/** Declares one client→server event: its request schema and, as a type, its response. */
const event =
  <Response>() =>
  <Schema extends z.ZodType>(request: Schema) => ({ request, response: undefined as unknown as Response });

export const clientEvents = {
  /** Enter a room (one room per connection). Answers with the peers already there. */
  'room:join': event<RoomJoined>()(z.strictObject({ roomId: roomIdSchema })),
  /** Leave the current room; closes every transport, producer and consumer of the caller. */
  'room:leave': event<Empty>()(empty),
  /**
   * Open a WebRTC transport. A receiving transport carries the device's RTP
   * capabilities so the server knows what this peer can consume.
   */
  'transport:create': event<TransportOptions>()(
    z.discriminatedUnion('direction', [
      z.strictObject({ direction: z.literal('send') }),
      z.strictObject({ direction: z.literal('recv'), rtpCapabilities: rtpCapabilitiesSchema }),
    ]),
  ),
  /** Finish the DTLS handshake of one of the caller's transports. */
  'transport:connect': event<Empty>()(
    z.strictObject({ transportId: transportIdSchema, dtlsParameters: dtlsParametersSchema }),
  ),
  /** Start sending a track on the caller's sending transport. */
  'media:produce': event<{ producerId: ProducerId }>()(
    z.strictObject({
      transportId: transportIdSchema,
      kind: mediaKindSchema,
      source: mediaSourceSchema,
      rtpParameters: rtpParametersSchema,
    }),
  ),
  /** Stop sending one of the caller's tracks. */
  'media:close-producer': event<Empty>()(z.strictObject({ producerId: producerIdSchema })),
  /** Mute one of the caller's tracks without closing it (the microphone button). */
  'media:pause-producer': event<Empty>()(z.strictObject({ producerId: producerIdSchema })),
  /** Unmute one of the caller's tracks, including one a moderator muted. */
  'media:resume-producer': event<Empty>()(z.strictObject({ producerId: producerIdSchema })),
  /** Receive another peer's track. The consumer starts paused; resume it once the track is attached. */
  'media:consume': event<ConsumerOptions>()(z.strictObject({ producerId: producerIdSchema })),
  /** Start (or restart) the flow of one of the caller's consumers. */
  'media:resume-consumer': event<Empty>()(z.strictObject({ consumerId: consumerIdSchema })),
  /** Stop the flow of a consumer the caller does not show (tile off screen, audio-only mode). */
  'media:pause-consumer': event<Empty>()(z.strictObject({ consumerId: consumerIdSchema })),
  /**
   * The best simulcast layer the caller wants for a video consumer (0 lowest,
   * 2 highest): the tile size decides. The server still drops to a lower
   * layer when the caller's connection cannot carry it.
   */
  'media:set-consumer-layers': event<Empty>()(
    z.strictObject({
      consumerId: consumerIdSchema,
      spatialLayer: z.number().int().min(0).max(2),
      temporalLayer: z.number().int().min(0).max(2).optional(),
    }),
  ),
  /** Put the caller's hand up (audience only). */
  'hand:raise': event<Empty>()(empty),
  /** Put the caller's own hand down. */
  'hand:lower': event<Empty>()(empty),
  /** Answer a moderator's invitation to the stage. */
  'stage:respond': event<Empty>()(z.strictObject({ accept: z.boolean() })),
  /** Step down from the stage to the audience (closes the caller's tracks). */
  'stage:leave': event<Empty>()(empty),
  /** Moderators: ask someone in the audience onto the stage. */
  'stage:invite': event<Empty>()(z.strictObject({ peerId: peerIdSchema })),
  /** Moderators: send someone on stage back to the audience (the server closes their tracks). */
  'stage:send-to-audience': event<Empty>()(z.strictObject({ peerId: peerIdSchema })),
  /** Moderators: put someone else's hand down. */
  'moderation:lower-hand': event<Empty>()(z.strictObject({ peerId: peerIdSchema })),
  /**
   * Moderators: mute someone's microphone (paused: they may unmute), or stop
   * their camera or screen share (closed). The person is told who did it.
   */
  'moderation:stop-media': event<Empty>()(
    z.strictObject({ peerId: peerIdSchema, source: z.enum(['microphone', 'camera', 'screen']) }),
  ),
  /** Moderators: remove someone from the session; they cannot come back until re-admitted. */
  'moderation:remove': event<Empty>()(z.strictObject({ peerId: peerIdSchema })),
  /** Moderators: lift a removal. */
  'moderation:readmit': event<Empty>()(z.strictObject({ removalId: removalIdSchema })),
  /** Moderators: mint an invitation link to this room for a role. */
  'invitation:create': event<InvitationCreated>()(
    z.strictObject({
      role: z.enum(ROLES),
      expiresInHours: z.number().int().min(1).max(24 * 90),
    }),
  ),
};

export interface InvitationCreated {
  url: string;
  expiresAt: string;
}

export type ClientEventName = keyof typeof clientEvents;
/** What a client sends for an event (before validation). */
export type RequestOf<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['request']>;
/** What a handler receives for an event (after validation). */
export type ParsedRequestOf<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['request']>;
export type ResponseOf<E extends ClientEventName> = (typeof clientEvents)[E]['response'];

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: RequestOf<E>, ack: (response: Ack<ResponseOf<E>>) => void) => void;
};

/**
 * Why the server took someone out of a room: the media worker died (rejoin),
 * the server is stopping (reconnect later), a moderator removed them, or the
 * same identity joined from another connection.
 */
export type RoomClosedReason = 'worker-died' | 'shutdown' | 'removed' | 'replaced';

/** What a moderator did to the caller, so the interface can say why. */
export type ModerationAction =
  | { action: 'muted'; source: 'microphone' }
  | { action: 'stopped'; source: 'camera' | 'screen' }
  | { action: 'sent-to-audience' };

export interface ServerToClientEvents {
  /** Someone entered the caller's room. */
  'peer:joined': (peer: PeerInfo) => void;
  /** Someone's seat, hand, invitation or connection changed (the whole record, to replace). */
  'peer:updated': (peer: PeerInfo) => void;
  /** Someone left the caller's room (their media is gone too). */
  'peer:left': (payload: { peerId: PeerId }) => void;
  /** A peer in the room started sending a track; consume it to receive it. */
  'producer:added': (producer: ProducerInfo) => void;
  /** A peer in the room stopped sending a track. */
  'producer:closed': (payload: { peerId: PeerId; producerId: ProducerId }) => void;
  /** A track was muted by its owner or a moderator. */
  'producer:paused': (payload: { peerId: PeerId; producerId: ProducerId; pausedBy: PausedBy }) => void;
  /** A muted track flows again. */
  'producer:resumed': (payload: { peerId: PeerId; producerId: ProducerId }) => void;
  /** One of the caller's consumers was closed by the server (its producer went away). */
  'consumer:closed': (payload: { consumerId: ConsumerId; producerId: ProducerId }) => void;
  /**
   * The simulcast layer the server now forwards on one of the caller's
   * consumers (null: none, e.g. the connection is too weak).
   */
  'consumer:layers-changed': (payload: { consumerId: ConsumerId; spatialLayer: number | null }) => void;
  /** The loudest person on stage changed (null: nobody is speaking). */
  'speaker:changed': (payload: { peerId: PeerId | null }) => void;
  /** A moderator invites the caller onto the stage; answer with `stage:respond`. */
  'stage:invited': (payload: { by: string }) => void;
  /** Moderators only: someone declined an invitation to the stage. */
  'stage:declined': (payload: { peerId: PeerId; displayName: string }) => void;
  /** A moderator acted on the caller's media or seat. */
  'moderation:applied': (payload: ModerationAction & { by: string }) => void;
  /** Moderators only: the list of people removed from the room changed. */
  'moderation:removed-changed': (payload: { removed: RemovedPerson[] }) => void;
  /**
   * The caller's room was closed under it. With `rejoin` the client should
   * join again: the server has already replaced what failed.
   */
  'room:closed': (payload: { roomId: RoomId; reason: RoomClosedReason; rejoin: boolean }) => void;
  /** The server is stopping; the client should reconnect after a while. */
  'server:shutting-down': (payload: { message: string }) => void;
}

/** What the client puts in the Socket.IO handshake's `auth`. */
export const handshakeAuthSchema = z.strictObject({
  token: z.string().min(1).max(4096),
  protocolVersion: z.number().int().min(0),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** The `data` of the error a refused connection gets (`connect_error`). */
export interface ConnectRejection {
  code: Extract<ErrorCode, 'PROTOCOL_MISMATCH' | 'UNAUTHENTICATED' | 'INVALID_PAYLOAD'>;
  message: string;
  serverProtocolVersion: number;
}

/** Data the server keeps on each socket. */
export interface SocketData {
  identity: Identity;
}
