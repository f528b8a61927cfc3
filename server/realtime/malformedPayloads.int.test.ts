import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientEvents, type ClientEventName } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { connectClient, expectOk, rawRequest, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** A well-formed payload per event: the malformed variants are derived from it. */
const wellFormed: Record<ClientEventName, Record<string, unknown>> = {
  'room:join': { roomId: 'some-room' },
  'room:leave': {},
  'transport:create': { direction: 'recv', rtpCapabilities: { codecs: [] } },
  'transport:connect': {
    transportId: randomUUID(),
    dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] },
  },
  'transport:restart-ice': { transportId: randomUUID() },
  'media:produce': {
    transportId: randomUUID(),
    kind: 'video',
    source: 'camera',
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }] },
  },
  'media:close-producer': { producerId: randomUUID() },
  'media:pause-producer': { producerId: randomUUID() },
  'media:resume-producer': { producerId: randomUUID() },
  'media:consume': { producerId: randomUUID() },
  'media:resume-consumer': { consumerId: randomUUID() },
  'media:pause-consumer': { consumerId: randomUUID() },
  'media:set-consumer-layers': { consumerId: randomUUID(), spatialLayer: 1 },
  'peers:list': {},
  'hand:raise': {},
  'hand:lower': {},
  'stage:respond': { accept: true },
  'stage:leave': {},
  'stage:invite': { peerId: randomUUID() },
  'stage:send-to-audience': { peerId: randomUUID() },
  'moderation:lower-hand': { peerId: randomUUID() },
  'moderation:stop-media': { peerId: randomUUID(), source: 'microphone' },
  'moderation:remove': { peerId: randomUUID() },
  'moderation:readmit': { removalId: randomUUID() },
  'invitation:create': { role: 'speaker', expiresInHours: 24 },
  'invitation:list': {},
  'invitation:revoke': { invitationId: randomUUID() },
  'chat:send': { channel: 'room', body: 'hello' },
  'room:catch-up': { since: 0 },
  'chat:history': { channel: 'room' },
  'chat:edit': { messageId: randomUUID(), body: 'hello again' },
  'chat:delete': { messageId: randomUUID() },
  'chat:mute-person': { userId: randomUUID(), muted: true },
  'question:ask': { body: 'Why?', isAnonymous: false },
  'question:upvote': { questionId: randomUUID(), upvote: true },
  'question:withdraw': { questionId: randomUUID() },
  'question:moderate': { questionId: randomUUID(), action: 'pin' },
  'poll:create': { question: 'Which?', kind: 'single', options: ['a', 'b'] },
  'poll:open': { pollId: randomUUID() },
  'poll:close': { pollId: randomUUID() },
  'poll:share-results': { pollId: randomUUID(), shared: true },
  'poll:vote': { pollId: randomUUID(), choices: [0] },
  'reaction:send': { reaction: 'clap' },
  'room:set-controls': { isLocked: true },
  'lobby:admit': { entryId: randomUUID() },
  'lobby:refuse': { entryId: randomUUID() },
  'audit:list': {},
  'buzz:draft': { split: { groups: 2 }, method: 'balanced' },
  'buzz:update-draft': {
    groups: [{ name: 'Group 1', prompt: '', facilitatorUserId: null, members: [] }],
    lateArrivals: 'assign',
    selfSelectCap: null,
  },
  'buzz:start': { durationMs: 600_000 },
  'buzz:extend': { byMs: 60_000 },
  'buzz:end': { countdownMs: 0 },
  'buzz:cancel': {},
  'buzz:broadcast': { text: 'Two minutes left' },
  'buzz:speak-to-all': { on: true },
  'buzz:move': { userId: randomUUID(), toGroup: 1 },
  'buzz:choose': { toGroup: 0 },
  'buzz:resync': {},
  'stage:resync': {},
  'buzz:call-help': {},
  'buzz:clear-help': { group: 0 },
  'notes:update': { update: new Uint8Array([0, 0]) },
  'recording:start': {},
  'recording:stop': {},
  'recording:opt-out': { optedOut: true },
  'recording:mark-chapter': { title: 'Questions from the floor' },
};

/** Long enough to break every field's limit, short enough to stay under the message size limit. */
const huge = 'x'.repeat(10_000);
const MAX_MESSAGE_BYTES = 16_384;

/** Every malformed variant of an event's payload, named for the report. */
function malformedVariants(event: ClientEventName): Array<[string, unknown]> {
  const valid = wellFormed[event];
  const variants: Array<[string, unknown]> = [
    ['number', 42],
    ['string', 'hello'],
    ['null', null],
    ['array', [valid]],
    ['boolean', true],
    ['extra field', { ...valid, isModerator: true }],
    ['prototype pollution', JSON.parse('{"__proto__": {"admin": true}}')],
  ];
  for (const [key, value] of Object.entries(valid)) {
    const { [key]: _dropped, ...rest } = valid;
    variants.push([`missing ${key}`, rest]);
    variants.push([`wrong type for ${key}`, { ...valid, [key]: typeof value === 'string' ? 12345 : 'not-an-object' }]);
    if (typeof value === 'string') variants.push([`huge ${key}`, { ...valid, [key]: huge }]);
  }
  return variants;
}

/** Bad values deep inside the mediasoup structures and in what people write. */
const nestedVariants: Array<[ClientEventName, string, unknown]> = [
  ['transport:connect', 'huge fingerprint', {
    ...wellFormed['transport:connect'],
    dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: huge }] },
  }],
  ['transport:connect', 'unknown algorithm', {
    ...wellFormed['transport:connect'],
    dtlsParameters: { fingerprints: [{ algorithm: 'md5', value: 'AB' }] },
  }],
  ['media:produce', 'huge mimeType', {
    ...wellFormed['media:produce'],
    rtpParameters: { codecs: [{ mimeType: `video/${huge}`, payloadType: 96, clockRate: 90000 }] },
  }],
  ['media:produce', 'payload type out of range', {
    ...wellFormed['media:produce'],
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 1000, clockRate: 90000 }] },
  }],
  ['media:produce', 'too many encodings', {
    ...wellFormed['media:produce'],
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: Array(50).fill({}) },
  }],
  ['transport:create', 'unknown direction', { direction: 'sideways' }],
  ['room:join', 'path in room id', { roomId: '../etc/passwd' }],
  ['invitation:create', 'a lifetime of a year', { role: 'speaker', expiresInHours: 24 * 365 }],
  ['invitation:create', 'a fractional lifetime', { role: 'speaker', expiresInHours: 1.5 }],
  ['invitation:create', 'an unknown role', { role: 'admin', expiresInHours: 1 }],
  ['invitation:revoke', 'an id that is not a UUID', { invitationId: '../../etc/passwd' }],
  ['chat:send', 'only spaces', { channel: 'room', body: '   \n\t ' }],
  ['chat:send', 'control characters', { channel: 'room', body: 'a\u0000b\u001b[31m' }],
  ['chat:send', 'thread that is not a user id', { channel: 'moderators', body: 'hi', threadId: '../x' }],
  ['room:catch-up', 'change number negative', { since: -1 }],
  ['chat:history', 'page too large', { channel: 'room', limit: 10_000 }],
  ['chat:history', 'cursor not a number', { channel: 'room', before: '10' }],
  ['audit:list', 'negative cursor', { before: -1 }],
  ['audit:list', 'empty page', { limit: 0 }],
  ['poll:create', 'one option', { question: 'Which?', kind: 'single', options: ['a'] }],
  ['poll:create', 'eleven options', { question: 'Which?', kind: 'single', options: Array(11).fill('a') }],
  ['poll:vote', 'no choice', { pollId: randomUUID(), choices: [] }],
  ['poll:vote', 'choice out of range', { pollId: randomUUID(), choices: [99] }],
  ['poll:vote', 'fractional choice', { pollId: randomUUID(), choices: [0.5] }],
  ['reaction:send', 'unknown reaction', { reaction: '<img src=x>' }],
  ['room:set-controls', 'no change', {}],
  ['room:set-controls', 'a string for the roster switch', { isRosterVisible: 'yes' }],
  ['peers:list', 'a negative cursor', { after: -1 }],
  ['peers:list', 'a page too large', { limit: 201 }],
  ['peers:list', 'an empty page', { limit: 0 }],
  ['peers:list', 'a fractional cursor', { after: 1.5 }],
  ['question:moderate', 'unknown action', { questionId: randomUUID(), action: 'delete-everything' }],
  ['buzz:draft', 'no groups', { split: { groups: 0 }, method: 'balanced' }],
  ['buzz:draft', 'unknown method', { split: { groups: 2 }, method: 'by-age' }],
  ['buzz:update-draft', 'control characters in a name', {
    ...wellFormed['buzz:update-draft'],
    groups: [{ name: 'Group\u0007', prompt: '', facilitatorUserId: null, members: [] }],
  }],
  ['buzz:update-draft', 'a forged member id', {
    ...wellFormed['buzz:update-draft'],
    groups: [{ name: 'Group 1', prompt: '', facilitatorUserId: null, members: ['../../etc'] }],
  }],
  ['buzz:start', 'five hours', { durationMs: 5 * 60 * 60_000 }],
  ['buzz:end', 'negative countdown', { countdownMs: -1 }],
  ['notes:update', 'an update over the limit', { update: new Uint8Array(9_000) }],
  ['notes:update', 'text instead of bytes', { update: 'hello' }],
  ['recording:start', 'a forged recording id', { recordingId: '../../etc/passwd' }],
  ['recording:opt-out', 'a string for a flag', { optedOut: 'yes' }],
  ['recording:mark-chapter', 'an empty title', { title: '   ' }],
  ['recording:mark-chapter', 'a title over the limit', { title: huge }],
  ['recording:mark-chapter', 'control characters in a title', { title: 'Part\u0000two' }],
];

describe('malformed payloads', () => {
  let platform: TestPlatform;
  let socket: TestSocket;
  let roomId: string;

  /** What must not change: live rooms, peers (seat, hand, media objects), attendance, removal and conversation rows. */
  async function snapshot() {
    const room = platform.app.registry.get(roomId as never);
    return {
      rooms: platform.app.registry.size,
      peers: room?.peerList().map((peer) => ({ ...room.describe(peer), ...peer.counts() })),
      visits: await platform.db.prisma.roomVisit.count(),
      removals: await platform.db.prisma.roomRemoval.count(),
      conversation: await Promise.all([
        platform.db.prisma.chatMessage.count(),
        platform.db.prisma.question.count(),
        platform.db.prisma.questionVote.count(),
        platform.db.prisma.poll.count(),
        platform.db.prisma.pollVote.count(),
        platform.db.prisma.chatMute.count(),
        platform.db.prisma.lobbyEntry.count(),
        platform.db.prisma.auditEntry.count(),
        platform.db.prisma.room.findMany({
          select: { isLocked: true, hasLobby: true, isAudienceChatEnabled: true, autoRecord: true, isRosterVisible: true },
        }),
        platform.db.prisma.recording.count(),
        platform.db.prisma.invitation.findMany({ select: { id: true, revokedAt: true, uses: true } }),
      ]),
    };
  }

  beforeAll(async () => {
    // This test sends hundreds of requests from one socket on purpose: lift
    // the rate limits so that it tests validation, not the flood guard.
    platform = await startTestPlatform({ RATE_SOCKET_EVENTS_PER_10S: '100000', RATE_FLOOD_STRIKES_PER_10S: '100000' });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id;
    socket = await connectClient(platform.url, 'Fuzzer');
    expectOk(await request(socket, 'room:join', { roomId: roomId as never }));
  });

  afterAll(async () => {
    socket?.disconnect();
    await platform?.dispose();
  });

  for (const event of Object.keys(clientEvents) as ClientEventName[]) {
    it(`${event}: every malformed payload gets INVALID_PAYLOAD and changes nothing`, async () => {
      const before = await snapshot();
      const variants = [
        ...malformedVariants(event),
        ...nestedVariants.filter(([target]) => target === event).map(([, name, payload]) => [name, payload] as const),
      ];
      for (const [name, payload] of variants) {
        const ack = (await rawRequest(socket, event, payload)) as { ok: boolean; error?: { code: string } };
        expect({ name, ok: ack.ok, code: ack.error?.code }).toEqual({ name, ok: false, code: 'INVALID_PAYLOAD' });
      }
      // No payload at all, and one payload too many.
      expect(await rawRequest(socket, event)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      expect(await rawRequest(socket, event, wellFormed[event], 'extra')).toMatchObject({
        ok: false,
        error: { code: 'INVALID_PAYLOAD' },
      });
      expect(await snapshot()).toEqual(before);
    });
  }

  it('drops events sent without an acknowledgement, changing nothing', async () => {
    const before = await snapshot();
    for (const event of Object.keys(clientEvents)) {
      (socket as unknown as { emit(event: string, payload: unknown): void }).emit(event, wellFormed[event as ClientEventName]);
      (socket as unknown as { emit(event: string, payload: unknown): void }).emit(event, 42);
    }
    // Acks come back in order per socket: once this one answers, the dropped ones were processed.
    expect(await rawRequest(socket, 'media:consume', { producerId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await snapshot()).toEqual(before);
    expect(socket.connected).toBe(true);
  });

  it('ignores unknown events', async () => {
    const before = await snapshot();
    (socket as unknown as { emit(event: string, payload: unknown): void }).emit('admin:drop-tables', {});
    expect(await rawRequest(socket, 'media:consume', { producerId: randomUUID() })).toMatchObject({ ok: false });
    expect(await snapshot()).toEqual(before);
  });

  it('disconnects a socket whose message exceeds the size limit; the server and others carry on', async () => {
    const other = await connectClient(platform.url, 'Bystander');
    const flooder = await connectClient(platform.url, 'Flooder');
    const before = await snapshot();
    const disconnected = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
    flooder.emit('room:join', { roomId: 'x'.repeat(MAX_MESSAGE_BYTES * 2) } as never, () => undefined);
    expect(await disconnected).toBe('transport close');
    expect(await snapshot()).toEqual(before);
    expectOk(await request(other, 'room:leave', {}));
    other.disconnect();
  });

  it('still serves well-formed requests afterwards', async () => {
    const late = await connectClient(platform.url, 'Latecomer');
    const joined = expectOk(await request(late, 'room:join', { roomId: roomId as never }));
    // The Fuzzer is still in the room (a participant sees the audience counted, not named).
    expect(joined.audienceCount).toBe(2);
    expect(platform.app.registry.get(roomId as never)?.peerList().map((peer) => peer.identity.displayName)).toContain('Fuzzer');
    expect((await fetch(`${platform.url}/healthz`)).status).toBe(200);
    late.disconnect();
  });
});
