import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NOTES_TEXT, type BuzzPlace, type Profile } from '../../shared/buzz.js';
import type { RoomJoined } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import { connectClient, expectOk, issueToken, nextEvent, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

interface Person {
  name: string;
  socket: TestSocket;
  token: string;
  joined: RoomJoined;
  userId: string;
}

/** A Yjs update that writes `text` at the start of a fresh notes document. */
function notesUpdate(text: string): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  doc.getText(NOTES_TEXT).insert(0, text);
  return new Uint8Array(Y.encodeStateAsUpdate(doc));
}

/**
 * Buzz groups over real sockets, the real server and database (socket
 * clients, no media): drafting, who may do what, moving into groups, help
 * calls, notes, reconnecting, late arrivals, self-selection and the return.
 */
describe('buzz groups (real server and database)', () => {
  let platform: TestPlatform;
  let sessionId: RoomId;
  const sockets: TestSocket[] = [];

  async function join(name: string, options: { role?: 'moderator'; profile?: Profile; room?: RoomId } = {}): Promise<Person> {
    const room = options.room ?? sessionId;
    const invitation = options.role ? await platform.invite(room, options.role) : undefined;
    const { token } = await issueToken(platform.url, name, invitation);
    const socket = await connectClient(platform.url, name, { token });
    sockets.push(socket);
    const joined = expectOk(await request(socket, 'room:join', { roomId: room, profile: options.profile }));
    return { name, socket, token, joined, userId: joined.self.userId };
  }

  /** Leaves the current room and enters another on the same connection, as the client does. */
  async function moveTo(person: Person, roomId: RoomId): Promise<RoomJoined> {
    expectOk(await request(person.socket, 'room:leave', {}));
    person.joined = expectOk(await request(person.socket, 'room:join', { roomId }));
    return person.joined;
  }

  const rounds = () => platform.db.prisma.buzzRound.findMany({ include: { groups: true, members: true } });

  beforeAll(async () => {
    platform = await startTestPlatform();
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    sessionId = asRoomId(rooms[2]!.id);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('runs a round: draft, adjust, start, help, notes, broadcast, move, reconnect, late arrival, end with the notes', async () => {
    const moderator = await join('Mod', { role: 'moderator' });
    const people = await Promise.all(['Ama', 'Bo', 'Chen', 'Dee'].map((name) => join(name)));
    const [ama] = people;

    // Only moderators run buzz groups: refused, and nothing is written.
    for (const [event, payload] of [
      ['buzz:draft', { split: { groups: 2 }, method: 'balanced' }],
      ['buzz:start', { durationMs: 600_000 }],
      ['buzz:end', { countdownMs: 0 }],
      ['buzz:broadcast', { text: 'hello' }],
      ['buzz:move', { userId: ama!.userId, toGroup: 0 }],
    ] as const) {
      const ack = await request(ama!.socket, event, payload as never);
      expect(ack.ok ? 'ok' : ack.error.code, event).toBe('FORBIDDEN');
    }
    expect(await rounds()).toEqual([]);

    // A balanced draft: 2 groups of 2, seen by moderators only.
    const draft = expectOk(await request(moderator.socket, 'buzz:draft', { split: { groups: 2 }, method: 'balanced' }));
    expect(draft.phase).toBe('draft');
    expect(draft.groups.map((group) => group.memberCount)).toEqual([2, 2]);
    expect(new Set(draft.groups.flatMap((group) => group.members!.map((m) => m.userId)))).toEqual(
      new Set(people.map((p) => p.userId)),
    );

    // Adjusted by hand: Ama and Bo together, Chen and Dee together, named, prompted, facilitated.
    const [a, b, c, d] = people.map((p) => p.userId);
    const plan = {
      groups: [
        { name: 'Land rights', prompt: 'What worked locally?', facilitatorUserId: a!, members: [a!, b!] },
        { name: 'Climate', prompt: 'One action for next year', facilitatorUserId: c!, members: [c!, d!] },
      ],
      lateArrivals: 'assign' as const,
      selfSelectCap: null,
    };
    // A forged person and someone in two groups are refused; the draft stays as it was.
    const forged = await request(moderator.socket, 'buzz:update-draft', {
      ...plan,
      groups: [{ ...plan.groups[0]!, members: [a!, '00000000-0000-4000-8000-000000000000'] }, plan.groups[1]!],
    });
    expect(forged.ok ? 'ok' : forged.error.code).toBe('NOT_FOUND');
    const twice = await request(moderator.socket, 'buzz:update-draft', {
      ...plan,
      groups: [{ ...plan.groups[0]!, members: [a!, c!] }, plan.groups[1]!],
    });
    expect(twice.ok ? 'ok' : twice.error.code).toBe('INVALID_PAYLOAD');
    const adjusted = expectOk(await request(moderator.socket, 'buzz:update-draft', plan));
    expect(adjusted.groups.map((group) => group.name)).toEqual(['Land rights', 'Climate']);

    // Start: each person is told their group; its room exists as a child of the session.
    const assigned = people.map((person) => nextEvent(person.socket, 'buzz:assigned'));
    const running = expectOk(await request(moderator.socket, 'buzz:start', { durationMs: 10 * 60_000 }));
    expect(running.phase).toBe('running');
    const places = (await Promise.all(assigned)) as BuzzPlace[];
    expect(places.map((place) => place.group?.name)).toEqual(['Land rights', 'Land rights', 'Climate', 'Climate']);
    const landRoom = places[0]!.group!.roomId!;
    const climateRoom = places[2]!.group!.roomId!;
    const listed = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    expect(listed.map((room) => room.id)).not.toContain(landRoom);

    // Everyone goes to their group: on stage, with only their group-mates.
    for (const [index, person] of people.entries()) {
      const joined = await moveTo(person, index < 2 ? landRoom : climateRoom);
      expect(joined.self.seat).toBe('stage');
      expect(joined.buzz.groupIndex).toBe(index < 2 ? 0 : 1);
      expect(joined.buzz.sessionId).toBe(sessionId);
    }
    const landPeople = platform.app.registry.get(landRoom)!.peerList().map((peer) => peer.identity.displayName);
    expect(landPeople.sort()).toEqual(['Ama', 'Bo']);
    // Someone else's group is closed to them.
    const intruder = await request(people[2]!.socket, 'room:leave', {}).then(() =>
      request(people[2]!.socket, 'room:join', { roomId: landRoom }),
    );
    expect(intruder.ok ? 'ok' : intruder.error.code).toBe('FORBIDDEN');
    await moveTo(people[2]!, climateRoom);

    // A help call reaches the moderator, who sees which group called.
    const helpSeen = nextEvent(moderator.socket, 'buzz:changed');
    expectOk(await request(people[3]!.socket, 'buzz:call-help', {}));
    const withHelp = await helpSeen;
    expect(withHelp.groups[1]!.helpRequestedBy).toBe('Dee');
    expect(withHelp.groups[0]!.helpRequestedAt).toBeNull();

    // Notes typed by Ama reach Bo (and no one else) and are saved.
    const boHears = nextEvent(people[1]!.socket, 'notes:updated');
    let chenHeard = false;
    people[2]!.socket.on('notes:updated', () => (chenHeard = true));
    expectOk(await request(ama!.socket, 'notes:update', { update: notesUpdate('Community land trusts') }));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array((await boHears).update));
    expect(doc.getText(NOTES_TEXT).toString()).toBe('Community land trusts');
    const garbage = await request(ama!.socket, 'notes:update', { update: new Uint8Array([255, 255, 255, 1]) });
    expect(garbage.ok ? 'ok' : garbage.error.code).toBe('INVALID_PAYLOAD');

    // A broadcast reaches every group.
    const heard = people.map((person) => nextEvent(person.socket, 'buzz:broadcasted'));
    expectOk(await request(moderator.socket, 'buzz:broadcast', { text: 'Five minutes left' }));
    expect((await Promise.all(heard)).map((message) => message.text)).toEqual(Array(4).fill('Five minutes left'));

    // More time.
    const extended = expectOk(await request(moderator.socket, 'buzz:extend', { byMs: 5 * 60_000 }));
    expect(extended.endsAt! - running.endsAt!).toBe(5 * 60_000);

    // Moving Bo to the climate group: Bo is told, and may now enter it (and no longer the old one).
    const boMoved = nextEvent(people[1]!.socket, 'buzz:assigned');
    expectOk(await request(moderator.socket, 'buzz:move', { userId: b!, toGroup: 1 }));
    expect((await boMoved).group?.roomId).toBe(climateRoom);
    await moveTo(people[1]!, climateRoom);
    // What a person asks after the server's room:check (a lost buzz:assigned would be found here).
    const resynced = expectOk(await request(people[1]!.socket, 'buzz:resync', {}));
    expect(resynced.place?.group?.roomId).toBe(climateRoom);
    expect(resynced.round?.phase).toBe('running');
    expect(resynced.groupIndex).toBe(1);

    // Dee reconnects: the main session's answer sends her back to her group.
    people[3]!.socket.disconnect();
    const dee = await connectClient(platform.url, 'Dee', { token: people[3]!.token });
    sockets.push(dee);
    const back = expectOk(await request(dee, 'room:join', { roomId: sessionId }));
    expect(back.buzz.place?.group?.roomId).toBe(climateRoom);

    // A late arrival is put in the smallest group (Land rights, with Ama alone).
    const late = await join('Eli');
    expect(late.joined.buzz.place?.group?.name).toBe('Land rights');

    // End all groups with a short countdown: everyone returns, and the notes come with them.
    const ended = nextEvent(ama!.socket, 'buzz:ended');
    const endedForModerators = nextEvent(moderator.socket, 'buzz:ended');
    const ending = expectOk(await request(moderator.socket, 'buzz:end', { countdownMs: 1_000 }));
    expect(ending.phase).toBe('ending');
    const outputs = await ended;
    // Everyone reads the notes; who facilitated (people of the audience) only moderators see.
    expect(outputs?.groups.map((group) => [group.name, group.notes, group.facilitatorName])).toEqual([
      ['Land rights', 'Community land trusts', null],
      ['Climate', '', null],
    ]);
    expect((await endedForModerators)?.groups.map((group) => [group.name, group.facilitatorName])).toEqual([
      ['Land rights', 'Ama'],
      ['Climate', 'Chen'],
    ]);
    expect(chenHeard).toBe(false);
    // The group's room is closed now; the session shows the notes.
    expectOk(await request(ama!.socket, 'room:leave', {}));
    const closed = await request(ama!.socket, 'room:join', { roomId: landRoom });
    expect(closed.ok ? 'ok' : closed.error.code).toBe('NOT_FOUND');
    const inMain = expectOk(await request(ama!.socket, 'room:join', { roomId: sessionId }));
    expect(inMain.buzz.round).toBeNull();
    expect(inMain.buzz.outputs?.groups[0]!.notes).toBe('Community land trusts');
  });

  it('groups by attribute, and lets people choose within a cap', async () => {
    const room = asRoomId(((await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[])[3]!.id);
    const moderator = await join('Mod2', { role: 'moderator', room });
    const speakers = await Promise.all(
      [
        ['Fatou', 'fr'],
        ['Gaston', 'fr'],
        ['Hana', 'en'],
        ['Ian', 'en'],
      ].map(([name, language]) => join(name!, { room, profile: { language } })),
    );
    const byLanguage = expectOk(
      await request(moderator.socket, 'buzz:draft', { split: { groups: 2 }, method: 'attribute', attribute: 'language' }),
    );
    const names = byLanguage.groups.map((group) => group.members!.map((member) => member.displayName).sort());
    expect(names.sort()).toEqual([
      ['Fatou', 'Gaston'],
      ['Hana', 'Ian'],
    ]);

    // Self-selection: 2 groups, 2 places each; the third chooser of a group is refused.
    const selfSelect = expectOk(await request(moderator.socket, 'buzz:draft', { split: { groups: 2 }, method: 'self-select' }));
    expect(selfSelect.selfSelectCap).toBe(2);
    expectOk(await request(moderator.socket, 'buzz:start', { durationMs: 60_000 }));
    for (const person of speakers.slice(0, 2)) {
      expect(expectOk(await request(person.socket, 'buzz:choose', { toGroup: 0 })).group?.index).toBe(0);
    }
    const full = await request(speakers[2]!.socket, 'buzz:choose', { toGroup: 0 });
    expect(full.ok ? 'ok' : full.error.code).toBe('CONFLICT');
    expect(expectOk(await request(speakers[2]!.socket, 'buzz:choose', { toGroup: 1 })).group?.index).toBe(1);

    // Ended at once: the round is over for everyone.
    const ended = nextEvent(speakers[3]!.socket, 'buzz:ended');
    expectOk(await request(moderator.socket, 'buzz:end', { countdownMs: 0 }));
    await ended;
    const again = await request(moderator.socket, 'buzz:extend', { byMs: 60_000 });
    expect(again.ok ? 'ok' : again.error.code).toBe('NOT_FOUND');
  });
});
