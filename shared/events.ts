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
import { CHAPTER_TITLE_MAX_LENGTH } from './timeline.js';
import { MEDIA_SOURCES, type MediaSource } from './mediaSources.js';
import {
  MAX_LIFETIME_HOURS,
  type InvitationCreated,
  type InvitationInfo,
  type InvitationList,
} from './invitations.js';
import {
  CHAT_CHANNELS,
  POLL_KINDS,
  POLL_LIMITS,
  QUESTION_ACTIONS,
  REACTIONS,
  type AuditEntry,
  type AuditPage,
  type CatchUp,
  type ChatMessage,
  type ChatMute,
  type ChatPage,
  type ConversationSnapshot,
  type LobbyEntry,
  type Poll,
  type Question,
  type ReactionCounts,
  type RemovedQuestion,
  type RoomControls,
} from './conversation.js';
import {
  chatBodySchema,
  pageRequestSchema,
  pollOptionSchema,
  pollQuestionSchema,
  questionBodySchema,
  requestIdSchema,
} from './conversationSchemas.js';
import {
  BUZZ_GROUP_LIMITS,
  BUZZ_METHODS,
  LATE_ARRIVALS,
  PROFILE_ATTRIBUTES,
  type BuzzOutputs,
  type BuzzPlace,
  type BuzzRound,
  type BuzzSnapshot,
} from './buzz.js';
import {
  consumerIdSchema,
  lobbyEntryIdSchema,
  messageIdSchema,
  pollIdSchema,
  questionIdSchema,
  userIdSchema,
  peerIdSchema,
  producerIdSchema,
  removalIdSchema,
  roomIdSchema,
  transportIdSchema,
  type ConsumerId,
  type PeerId,
  type ProducerId,
  type QuestionId,
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
  type IceCandidate,
  type IceParameters,
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
  /**
   * The signed-in account the identity speaks for, if any: its roles come
   * from the event's grants, read when it joins (server/rooms/membership.ts).
   */
  accountId: string | null;
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
  /** The person behind the peer, stable across reconnects (chat authors carry the same id). */
  userId: string;
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

/** Most audience members one `peers:list` page carries. */
export const PEER_PAGE_MAX = 200;

/** A page of the audience; `next` is the cursor of the following page, null after the last one. */
export interface PeerPage {
  peers: PeerInfo[];
  next: number | null;
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
  /**
   * The people the caller sees at once: everyone on stage and every
   * moderator, and for moderators also every audience member with a raised
   * hand or an invitation to answer. The rest of the audience comes a page
   * at a time (`peers:list`) to those who may see it (shared/roster.ts).
   */
  peers: PeerInfo[];
  /** How many people are in the audience, the caller included (`audience:counted` follows it). */
  audienceCount: number;
  routerRtpCapabilities: RtpCapabilities;
  /** Most people on stage at once. */
  stageLimit: number;
  /** Who is speaking now, if anyone. */
  activeSpeakerId: PeerId | null;
  /** For moderators: people removed from this room. Empty for everyone else. */
  removed: RemovedPerson[];
  /** Chat history, questions, polls, controls: what a (re)joining client catches up with. */
  conversation: ConversationSnapshot;
  /** Buzz groups: the round in progress, where the caller belongs, the last round's notes. */
  buzz: BuzzSnapshot;
  /** The session's recording, if one is running (everyone is told, and sees an indicator). */
  recording: RecordingStatus | null;
  /** Where the room's live state stood when `self`, `peers`, `audienceCount` and `activeSpeakerId` were read. */
  stage: StageStamp;
}

/**
 * A number of the room's live state: who is here, hands, invitations, the
 * stage, tracks, the speaker, the audience's count. Each change takes the
 * room's next number; those who may see it get the event with its number,
 * everyone else the number alone (`stage:advanced`), so every member's
 * sequence is unbroken unless a broadcast was lost, and a hole makes the
 * client ask `stage:resync` (shared/changeSequence.ts). The state lives in
 * memory on the process that holds the room: `epoch` names that room as
 * opened there (a room closed and opened again, or the same session's room
 * on another process, numbers afresh).
 */
export interface StageStamp {
  epoch: string;
  seq: number;
}

/** Numbers of a room's live state, as inclusive ranges (`stage:advanced`). */
export interface StageNumbers {
  epoch: string;
  ranges: Array<[from: number, to: number]>;
}

/** The answer to `stage:resync`: the room's live state as the caller may see it (the join's answer's part), as of `stamp`. */
export type StageView = Pick<RoomJoined, 'self' | 'peers' | 'audienceCount' | 'activeSpeakerId'> & { stamp: StageStamp };

/**
 * A session's recording as one person is told of it. `startedAt` is the
 * server's clock (ms) once media is being written; null while it starts.
 * Who asked not to be recorded is for the moderators and that person only.
 */
export interface RecordingStatus {
  recordingId: string;
  state: 'starting' | 'recording' | 'stopping';
  startedAt: number | null;
  /**
   * Whether the person it was made for asked not to be recorded (their join
   * answer, their own opt-out's answer). Absent from what the whole audience
   * is told: nobody's choice is in that.
   */
  isOptedOut?: boolean;
  /** Moderators only: everyone (user ids) who asked not to be recorded; their tracks, chat and questions are left out. */
  optedOut?: string[];
}

/** A chapter a moderator marked, at ms from the recording's start. */
export interface ChapterMarked {
  title: string;
  at: number;
}

export interface TransportOptions {
  id: TransportId;
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
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

/**
 * The client's id for one action (see {@link requestIdSchema}): the same
 * action sent again with it is done once, and answered as the first time.
 * Optional so that older clients keep working; ours always send one.
 */
const requestId = requestIdSchema.optional();

/** Chat, Q&A, polls, reactions and room controls (part of {@link clientEvents}). */
export const conversationEvents = {
  /**
   * Write in the room chat, or to the moderators. A moderator answering
   * someone in the moderators channel names their thread (`threadId`, the
   * person's userId); everyone else writes in their own thread. Sent again
   * with the same `requestId`, it answers with the message already posted.
   */
  'chat:send': event<ChatMessage>()(
    z.strictObject({
      channel: z.enum(CHAT_CHANNELS),
      body: chatBodySchema,
      threadId: userIdSchema.optional(),
      requestId,
    }),
  ),
  /**
   * What changed in the caller's room after change number `since`, as the
   * caller may see it (shared/changeSequence.ts): asked when a number did
   * not arrive, after a reconnection, and when the server says to check.
   */
  'room:catch-up': event<CatchUp>()(z.strictObject({ since: z.number().int().min(0).max(2 ** 31 - 1) })),
  /** Older messages of a channel (and, for moderators, optionally one thread). */
  'chat:history': event<ChatPage>()(
    z.strictObject({ channel: z.enum(CHAT_CHANNELS), threadId: userIdSchema.optional(), ...pageRequestSchema }),
  ),
  /** Change the text of one of the caller's own messages. */
  'chat:edit': event<ChatMessage>()(z.strictObject({ messageId: messageIdSchema, body: chatBodySchema })),
  /** Delete one of the caller's own messages; moderators may delete anyone's. */
  'chat:delete': event<Empty>()(z.strictObject({ messageId: messageIdSchema })),
  /** Moderators: stop (or allow again) one person writing in the room chat and asking questions. */
  'chat:mute-person': event<Empty>()(z.strictObject({ userId: userIdSchema, muted: z.boolean() })),
  /**
   * Ask the speakers a question, optionally anonymous to the audience
   * (moderators still see who). Sent again with the same `requestId`, it
   * answers with the question already asked.
   */
  'question:ask': event<Question>()(z.strictObject({ body: questionBodySchema, isAnonymous: z.boolean(), requestId })),
  /**
   * Add (or take back) the caller's one upvote on a question. Sent again
   * with the same `requestId` (for a while), it gets the first answer and
   * changes nothing, so a late retry cannot undo a later choice.
   */
  'question:upvote': event<{ upvotes: number }>()(
    z.strictObject({ questionId: questionIdSchema, upvote: z.boolean(), requestId }),
  ),
  /** The asker takes their own question back. */
  'question:withdraw': event<Empty>()(z.strictObject({ questionId: questionIdSchema })),
  /** Moderators: mark answered (or being answered live), dismiss, pin, unpin, reopen. */
  'question:moderate': event<Question>()(
    z.strictObject({ questionId: questionIdSchema, action: z.enum(QUESTION_ACTIONS) }),
  ),
  /** Moderators: draft a poll (only moderators see it until it opens). */
  'poll:create': event<Poll>()(
    z.strictObject({
      question: pollQuestionSchema,
      kind: z.enum(POLL_KINDS),
      options: z.array(pollOptionSchema).min(POLL_LIMITS.minOptions).max(POLL_LIMITS.maxOptions),
    }),
  ),
  /** Moderators: open a draft poll for votes. */
  'poll:open': event<Poll>()(z.strictObject({ pollId: pollIdSchema })),
  /** Moderators: close an open poll; its votes are final. */
  'poll:close': event<Poll>()(z.strictObject({ pollId: pollIdSchema })),
  /** Moderators: show the results to everyone (or hide them again). */
  'poll:share-results': event<Poll>()(z.strictObject({ pollId: pollIdSchema, shared: z.boolean() })),
  /**
   * Vote in an open poll: the indexes of the chosen options (exactly one for
   * a single-choice poll). Voting again replaces the caller's earlier choice;
   * the same vote sent again with its `requestId` (for a while) does not.
   */
  'poll:vote': event<Empty>()(
    z.strictObject({
      pollId: pollIdSchema,
      choices: z.array(z.number().int().min(0).max(POLL_LIMITS.maxOptions - 1)).min(1).max(POLL_LIMITS.maxOptions),
      requestId,
    }),
  ),
  /**
   * Send an emoji reaction; everyone sees it (bursts are counted together).
   * Sent again with the same `requestId`, it is counted once.
   */
  'reaction:send': event<Empty>()(z.strictObject({ reaction: z.enum(REACTIONS), requestId })),
  /**
   * Moderators: lock the room, turn the lobby on or off, allow or stop the
   * audience's chat, record automatically, let everyone see who is here.
   */
  'room:set-controls': event<RoomControls>()(
    z
      .strictObject({
        isLocked: z.boolean().optional(),
        hasLobby: z.boolean().optional(),
        isAudienceChatEnabled: z.boolean().optional(),
        autoRecord: z.boolean().optional(),
        isRosterVisible: z.boolean().optional(),
      })
      .refine((value) => Object.keys(value).length > 0, 'change at least one control'),
  ),
  /** Moderators: let someone waiting in the lobby in. */
  'lobby:admit': event<Empty>()(z.strictObject({ entryId: lobbyEntryIdSchema })),
  /** Moderators: turn someone waiting in the lobby away. */
  'lobby:refuse': event<Empty>()(z.strictObject({ entryId: lobbyEntryIdSchema })),
  /** Moderators: read the room's audit log, newest first, a page at a time. */
  'audit:list': event<AuditPage>()(z.strictObject({ ...pageRequestSchema })),
};

const groupNameSchema = z.string().trim().min(1).max(BUZZ_GROUP_LIMITS.maxNameLength).regex(/^[^\p{Cc}]*$/u);
const groupPromptSchema = z.string().trim().max(BUZZ_GROUP_LIMITS.maxPromptLength).regex(/^[^\p{Cc}]*$/u);
const profileValueSchema = z.string().trim().min(1).max(40).regex(/^[^\p{Cc}]*$/u);
const minutes = (max: number) => z.number().int().min(1_000).max(max * 60_000);

/** Buzz groups: moderators split the session and bring it back; members call for help and write notes. */
export const buzzEvents = {
  /**
   * Moderators: draft groups from the people in the main session (replaces
   * any draft). Nobody moves until `buzz:start`.
   */
  'buzz:draft': event<BuzzRound>()(
    z.strictObject({
      split: z.union([
        z.strictObject({ groups: z.number().int().min(1).max(BUZZ_GROUP_LIMITS.maxGroups) }),
        z.strictObject({ groupSize: z.number().int().min(1).max(1_000) }),
      ]),
      method: z.enum(BUZZ_METHODS),
      attribute: z.enum(PROFILE_ATTRIBUTES).optional(),
    }),
  ),
  /** Moderators: adjust the draft (names, prompts, facilitators, who is where, settings). */
  'buzz:update-draft': event<BuzzRound>()(
    z.strictObject({
      groups: z
        .array(
          z.strictObject({
            name: groupNameSchema,
            prompt: groupPromptSchema,
            facilitatorUserId: userIdSchema.nullable(),
            members: z.array(userIdSchema).max(1_000),
          }),
        )
        .min(1)
        .max(BUZZ_GROUP_LIMITS.maxGroups),
      lateArrivals: z.enum(LATE_ARRIVALS),
      selfSelectCap: z.number().int().min(1).max(1_000).nullable(),
    }),
  ),
  /** Moderators: start the drafted groups for a time; everyone assigned moves to their group. */
  'buzz:start': event<BuzzRound>()(z.strictObject({ durationMs: minutes(240) })),
  /** Moderators: more time for every group. */
  'buzz:extend': event<BuzzRound>()(z.strictObject({ byMs: minutes(120) })),
  /** Moderators: end all groups after a countdown (0: at once); everyone returns to the main session. */
  'buzz:end': event<BuzzRound>()(z.strictObject({ countdownMs: z.number().int().min(0).max(5 * 60_000) })),
  /** Moderators: drop the draft, or stop an "end all groups" countdown. */
  'buzz:cancel': event<BuzzRound | null>()(empty),
  /** Moderators: a text message shown in every group and the main session. */
  'buzz:broadcast': event<Empty>()(
    z.strictObject({ text: z.string().trim().min(1).max(BUZZ_GROUP_LIMITS.maxBroadcastLength).regex(/^[^\p{Cc}]*$/u) }),
  ),
  /** Moderators: be heard in every group (the caller's microphone), or stop. */
  'buzz:speak-to-all': event<{ groups: number }>()(z.strictObject({ on: z.boolean() })),
  /** Moderators: move someone to another group while groups run (or in the draft). */
  'buzz:move': event<BuzzRound>()(
    z.strictObject({ userId: userIdSchema, toGroup: z.number().int().min(0).max(BUZZ_GROUP_LIMITS.maxGroups - 1) }),
  ),
  /** Self-selection: join a group that has room. */
  'buzz:choose': event<BuzzPlace>()(
    z.strictObject({ toGroup: z.number().int().min(0).max(BUZZ_GROUP_LIMITS.maxGroups - 1) }),
  ),
  /** Anyone in a group: ask for a moderator. */
  'buzz:call-help': event<Empty>()(empty),
  /**
   * The round as it stands and where the caller belongs, as on joining:
   * asked after the server's `room:check`, since a round's changes reach
   * groups on other processes through Redis, and may have been lost.
   */
  'buzz:resync': event<BuzzSnapshot>()(empty),
  /** Moderators: the call for help was answered. */
  'buzz:clear-help': event<Empty>()(
    z.strictObject({ group: z.number().int().min(0).max(BUZZ_GROUP_LIMITS.maxGroups - 1) }),
  ),
  /** Anyone in a group: a change to the group's notes (a collaborative document's update). */
  'notes:update': event<Empty>()(
    z.strictObject({ update: z.instanceof(Uint8Array).refine((u) => u.byteLength <= BUZZ_GROUP_LIMITS.maxNotesUpdateBytes, 'update too large') }),
  ),
};

/** Recording: moderators start and stop it and mark chapters; anyone may ask not to be recorded. */
export const recordingEvents = {
  /** Moderators: start recording the session (everyone is told; an indicator stays on). */
  'recording:start': event<RecordingStatus>()(empty),
  /** Moderators: stop the recording; packaging starts once every file is closed. */
  'recording:stop': event<Empty>()(empty),
  /** Ask not to be recorded (or allow it again): the caller's tracks are left out from now on. */
  'recording:opt-out': event<{ recording: RecordingStatus | null }>()(z.strictObject({ optedOut: z.boolean() })),
  /** Moderators: mark a chapter at this moment of the recording. */
  'recording:mark-chapter': event<ChapterMarked>()(
    z.strictObject({
      title: z.string().trim().min(1).max(CHAPTER_TITLE_MAX_LENGTH).regex(/^[^\p{Cc}]*$/u, 'no control characters'),
    }),
  ),
};

export const clientEvents = {
  /**
   * Enter a room (one room per connection). Answers with the peers already
   * there. A moderator visiting a buzz group may come only to listen; what
   * people told about themselves (`profile`) can place them in a group.
   * Sent again on the same connection with the `requestId` of the join that
   * got in (its answer was lost), it answers afresh for that join; any other
   * join while in a room is CONFLICT.
   */
  'room:join': event<RoomJoined>()(
    z.strictObject({
      roomId: roomIdSchema,
      listenOnly: z.boolean().optional(),
      profile: z.strictObject({ language: profileValueSchema.optional(), region: profileValueSchema.optional() }).optional(),
      requestId,
    }),
  ),
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
  /**
   * Restart ICE on one of the caller's transports whose connection failed
   * (a changed network, a firewall that let go): new ICE credentials, with
   * which the browser tries every path again. Everything sent and received
   * on the transport stays. NOT_FOUND once the server has closed it (a
   * failed DTLS handshake): open a new one then.
   */
  'transport:restart-ice': event<{ iceParameters: IceParameters }>()(z.strictObject({ transportId: transportIdSchema })),
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
   * The best simulcast layer the caller wants for a video consumer (0 the
   * lowest; our cameras send two, 0 and 1, as Chromium sends no more at
   * 640x360; up to 2 is accepted, mediasoup picks the nearest the producer
   * has): the tile size decides. The server still drops to a lower layer
   * when the caller's connection cannot carry it.
   */
  'media:set-consumer-layers': event<Empty>()(
    z.strictObject({
      consumerId: consumerIdSchema,
      spatialLayer: z.number().int().min(0).max(2),
      temporalLayer: z.number().int().min(0).max(2).optional(),
    }),
  ),
  /**
   * A page of the audience, in the order people arrived: those after
   * `after` (the `next` of the previous page). Moderators always; everyone
   * else when the room lets everyone see who is here.
   */
  'peers:list': event<PeerPage>()(
    z.strictObject({ after: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(PEER_PAGE_MAX).optional() }),
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
  /**
   * The room's live state as the caller may see it, as on joining: asked
   * when a number of the live state did not arrive, or when the server says
   * to check (see StageStamp).
   */
  'stage:resync': event<StageView>()(empty),
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
  /**
   * Moderators: mint an invitation link to this session for a role. A
   * lifetime beyond the server's limit is refused (`invitation:list` says
   * the limit).
   */
  'invitation:create': event<InvitationCreated>()(
    z.strictObject({
      role: z.enum(ROLES),
      expiresInHours: z.number().int().min(1).max(MAX_LIFETIME_HOURS),
    }),
  ),
  /** Moderators: the session's invitation links (newest first), with their use, and the server's limits. */
  'invitation:list': event<InvitationList>()(empty),
  /** Moderators: revoke one of the session's links; roles already granted by it no longer hold at the next join. */
  'invitation:revoke': event<InvitationInfo>()(z.strictObject({ invitationId: z.uuid() })),
  ...conversationEvents,
  ...buzzEvents,
  ...recordingEvents,
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

/**
 * Why the server took someone out of a room: the media worker died (rejoin),
 * the server is stopping (reconnect later), a moderator removed them, the
 * same identity joined from another connection, a moderator revoked the
 * invitation link their role came from (rejoin, with the role left), or the
 * session became a draft again (unpublished: its organisers alone stay).
 */
export type RoomClosedReason = 'worker-died' | 'shutdown' | 'removed' | 'replaced' | 'invitation-revoked' | 'unpublished';

/** What a moderator did to the caller, so the interface can say why. */
export type ModerationAction =
  | { action: 'muted'; source: 'microphone' }
  | { action: 'stopped'; source: 'camera' | 'screen' }
  | { action: 'sent-to-audience' };

/** Buzz groups' server→client events (merged into ServerToClientEvents). */
export interface BuzzServerEvents {
  /**
   * The round changed (drafted, started, extended, ending, someone moved).
   * Moderators get who is where. Each buzz message carries its number in
   * the session's buzz sequence (see BuzzSnapshot.seq).
   */
  'buzz:changed': (round: BuzzRound, seq: number) => void;
  /** The caller's place changed: go to this group (or back to the main session when `group` is null). */
  'buzz:assigned': (place: BuzzPlace, seq: number) => void;
  /** The round is over: everyone returns to the main session, where the groups' notes are. */
  'buzz:ended': (outputs: BuzzOutputs | null, seq: number) => void;
  /**
   * The number of a buzz change told to others only (a draft, someone
   * else's move), so the caller's sequence has no hole.
   */
  'buzz:advanced': (seq: number) => void;
  /** A moderator's message to every group. */
  'buzz:broadcasted': (payload: { text: string; by: string; at: number }) => void;
  /** Moderators: who is in each group's room right now. */
  'buzz:presence': (payload: { group: number; present: string[] }) => void;
  /** Another member changed the group's notes. */
  'notes:updated': (payload: { update: Uint8Array }) => void;
}

/** One entry of `peers:changed`: what `peer:joined` or `peer:left` would have said. */
export type PeerChange = { joined: PeerInfo } | { left: PeerId };

export interface ServerToClientEvents extends ConversationServerEvents, BuzzServerEvents {
  /** The session's recording started, stopped or changed (null: not recording). */
  'recording:changed': (payload: { recording: RecordingStatus | null; by: string | null }) => void;
  /**
   * Someone entered the caller's room. The peer events (and `peers:changed`)
   * tell of audience members only those who may see the roster
   * (shared/roster.ts); each person hears of their own record too.
   */
  'peer:joined': (peer: PeerInfo, stamp?: StageStamp) => void;
  /** Someone's seat, hand, invitation or connection changed (the whole record, to replace). */
  'peer:updated': (peer: PeerInfo, stamp?: StageStamp) => void;
  /** Someone left the caller's room (their media is gone too). */
  'peer:left': (payload: { peerId: PeerId }, stamp?: StageStamp) => void;
  /**
   * In a large room, audience members' arrivals and departures, a few
   * hundred milliseconds' worth at once and in order (announcing each to
   * everyone would cost the server N² messages when a whole session moves),
   * to those who may see the roster.
   */
  'peers:changed': (payload: { changes: PeerChange[] }, stamp?: StageStamp) => void;
  /**
   * How many people are in the audience now (everyone hears it; who they
   * are reaches only those who may see the roster).
   */
  'audience:counted': (payload: { count: number }, stamp?: StageStamp) => void;
  /** A peer in the room started sending a track; consume it to receive it. */
  'producer:added': (producer: ProducerInfo, stamp?: StageStamp) => void;
  /** A peer in the room stopped sending a track. */
  'producer:closed': (payload: { peerId: PeerId; producerId: ProducerId }, stamp?: StageStamp) => void;
  /** A track was muted by its owner or a moderator. */
  'producer:paused': (payload: { peerId: PeerId; producerId: ProducerId; pausedBy: PausedBy }, stamp?: StageStamp) => void;
  /** A muted track flows again. */
  'producer:resumed': (payload: { peerId: PeerId; producerId: ProducerId }, stamp?: StageStamp) => void;
  /** One of the caller's consumers was closed by the server (its producer went away). */
  'consumer:closed': (payload: { consumerId: ConsumerId; producerId: ProducerId }) => void;
  /**
   * The simulcast layer the server now forwards on one of the caller's
   * consumers (null: none, e.g. the connection is too weak).
   */
  'consumer:layers-changed': (payload: { consumerId: ConsumerId; spatialLayer: number | null }) => void;
  /** The loudest person on stage changed (null: nobody is speaking). */
  'speaker:changed': (payload: { peerId: PeerId | null }, stamp?: StageStamp) => void;
  /**
   * Changes of the room's live state the caller may not see (audience
   * members' arrivals and hands, when the audience is not shown to them):
   * their numbers only, a short window's worth at once, as inclusive
   * ranges, so the caller's sequence has no hole (see StageStamp). A number
   * the caller was told of anyway is simply held already.
   */
  'stage:advanced': (payload: StageNumbers) => void;
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
  /**
   * An organiser changed the caller's role while they are in the room (a
   * grant given or taken back): it holds already. The payload is the room
   * as a join would answer it now, for the new role: the same peer, its
   * transports and tracks stay.
   */
  'role:changed': (view: RoomJoined) => void;
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

/** The conversation's server→client events (merged into ServerToClientEvents). */
export interface ConversationServerEvents {
  /** A new chat message the caller may read (room channel, or a moderators thread the caller is in). */
  'chat:posted': (message: ChatMessage) => void;
  /** A message was edited or deleted (the whole record, to replace). */
  'chat:changed': (message: ChatMessage) => void;
  /** A new question (anonymous ones without the asker, except for moderators and the asker). */
  'question:asked': (question: Question) => void;
  /** A question changed: status, pin, votes (the whole record, to replace). */
  'question:changed': (question: Question) => void;
  /** A question left the caller's view (withdrawn, or dismissed for the audience). */
  'question:removed': (payload: RemovedQuestion) => void;
  /** Only the vote count of a question changed (sent often, so kept small). */
  'question:upvoted': (payload: { questionId: QuestionId; upvotes: number; changeSeq: number }) => void;
  /**
   * Something changed in the room that the caller may not see (a message in
   * someone else's thread with the moderators, a draft poll): only its change
   * number, so the caller's sequence has no hole (shared/changeSequence.ts).
   */
  'room:advanced': (payload: { changeSeq: number }) => void;
  /**
   * The server may have missed telling the caller something (its link to
   * the other processes came back after an outage): ask `room:catch-up`.
   */
  'room:check': (payload: Record<string, never>) => void;
  /** A poll appeared or changed (drafts and unshared results go to moderators only). */
  'poll:changed': (poll: Poll) => void;
  /** Reactions sent in the last short window, counted. */
  'reaction:burst': (payload: { counts: ReactionCounts }) => void;
  /** A moderator changed the room's controls. */
  'room:controls-changed': (controls: RoomControls) => void;
  /** The caller's own chat was muted or allowed again by a moderator. */
  'chat:muted-changed': (payload: { isMuted: boolean; by: string }) => void;
  /** Moderators only: the list of people whose chat is muted changed. */
  'moderation:chat-mutes-changed': (payload: { mutes: ChatMute[] }) => void;
  /** Moderators only: who is waiting in the lobby now. */
  'lobby:changed': (payload: { waiting: LobbyEntry[] }) => void;
  /** The caller, waiting in the lobby, was let in: join again. */
  'lobby:admitted': (payload: { roomId: RoomId }) => void;
  /** The caller, waiting in the lobby, was turned away. */
  'lobby:refused': (payload: { roomId: RoomId }) => void;
  /** Moderators only: a moderation action was recorded. */
  'audit:recorded': (entry: AuditEntry) => void;
}

/** Data the server keeps on each socket. */
export interface SocketData {
  identity: Identity;
}
