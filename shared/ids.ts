import { z } from 'zod';

/**
 * Branded ids: a PeerId cannot be passed where a ProducerId is expected, even
 * though both are strings on the wire.
 */
const id = <B extends string>(brand: B, pattern: RegExp, max = 64) =>
  z.string().min(1).max(max).regex(pattern).brand<B>();

/** Room ids are URL slugs (`/r/people-power`). */
export const roomIdSchema = id('RoomId', /^[a-z0-9][a-z0-9-]*$/);
/** Ids the server mints (peers) or mediasoup mints (transports, producers, consumers) are UUIDs. */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const peerIdSchema = id('PeerId', uuid);
export const transportIdSchema = id('TransportId', uuid);
export const producerIdSchema = id('ProducerId', uuid);
export const consumerIdSchema = id('ConsumerId', uuid);
/** A moderator's removal of someone from a room (database row id). */
export const removalIdSchema = id('RemovalId', uuid);
/** Conversation records (database row ids). */
export const messageIdSchema = id('MessageId', uuid);
export const questionIdSchema = id('QuestionId', uuid);
export const pollIdSchema = id('PollId', uuid);
export const lobbyEntryIdSchema = id('LobbyEntryId', uuid);
export const auditEntryIdSchema = id('AuditEntryId', uuid);
/** Identity subjects (minted by the server as UUIDs). */
export const userIdSchema = z.string().regex(uuid);

export type RoomId = z.infer<typeof roomIdSchema>;
export type PeerId = z.infer<typeof peerIdSchema>;
export type TransportId = z.infer<typeof transportIdSchema>;
export type ProducerId = z.infer<typeof producerIdSchema>;
export type ConsumerId = z.infer<typeof consumerIdSchema>;
export type RemovalId = z.infer<typeof removalIdSchema>;
export type MessageId = z.infer<typeof messageIdSchema>;
export type QuestionId = z.infer<typeof questionIdSchema>;
export type PollId = z.infer<typeof pollIdSchema>;
export type LobbyEntryId = z.infer<typeof lobbyEntryIdSchema>;
export type AuditEntryId = z.infer<typeof auditEntryIdSchema>;

/** For ids the server itself created (trusted), without re-validating. */
export const asPeerId = (value: string) => value as PeerId;
export const asTransportId = (value: string) => value as TransportId;
export const asProducerId = (value: string) => value as ProducerId;
export const asConsumerId = (value: string) => value as ConsumerId;
export const asRemovalId = (value: string) => value as RemovalId;
export const asRoomId = (value: string) => value as RoomId;
export const asMessageId = (value: string) => value as MessageId;
export const asQuestionId = (value: string) => value as QuestionId;
export const asPollId = (value: string) => value as PollId;
export const asLobbyEntryId = (value: string) => value as LobbyEntryId;
export const asAuditEntryId = (value: string) => value as AuditEntryId;
