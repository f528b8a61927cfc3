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
import {
  consumerIdSchema,
  producerIdSchema,
  roomIdSchema,
  transportIdSchema,
  type ConsumerId,
  type PeerId,
  type ProducerId,
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

/** Who a socket is; taken from its verified token, never from a payload. */
export interface Identity {
  userId: string;
  displayName: string;
  role: Role;
}

export const mediaSourceSchema = z.enum(['camera', 'microphone']);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export interface ProducerInfo {
  producerId: ProducerId;
  peerId: PeerId;
  kind: MediaKind;
  source: MediaSource;
}

export interface PeerInfo {
  peerId: PeerId;
  displayName: string;
  role: Role;
  producers: ProducerInfo[];
}

export interface RoomJoined {
  roomId: RoomId;
  self: PeerInfo;
  peers: PeerInfo[];
  routerRtpCapabilities: RtpCapabilities;
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
  /** Receive another peer's track. The consumer starts paused; resume it once the track is attached. */
  'media:consume': event<ConsumerOptions>()(z.strictObject({ producerId: producerIdSchema })),
  /** Start the flow of a consumer created paused. */
  'media:resume-consumer': event<Empty>()(z.strictObject({ consumerId: consumerIdSchema })),
};

export type ClientEventName = keyof typeof clientEvents;
/** What a client sends for an event (before validation). */
export type RequestOf<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['request']>;
/** What a handler receives for an event (after validation). */
export type ParsedRequestOf<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['request']>;
export type ResponseOf<E extends ClientEventName> = (typeof clientEvents)[E]['response'];

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: RequestOf<E>, ack: (response: Ack<ResponseOf<E>>) => void) => void;
};

export type RoomClosedReason = 'worker-died' | 'shutdown';

export interface ServerToClientEvents {
  /** Someone entered the caller's room. */
  'peer:joined': (peer: PeerInfo) => void;
  /** Someone left the caller's room (their media is gone too). */
  'peer:left': (payload: { peerId: PeerId }) => void;
  /** A peer in the room started sending a track; consume it to receive it. */
  'producer:added': (producer: ProducerInfo) => void;
  /** A peer in the room stopped sending a track. */
  'producer:closed': (payload: { peerId: PeerId; producerId: ProducerId }) => void;
  /** One of the caller's consumers was closed by the server (its producer went away). */
  'consumer:closed': (payload: { consumerId: ConsumerId; producerId: ProducerId }) => void;
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
