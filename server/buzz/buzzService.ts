import type {
  BuzzGroup,
  BuzzMember,
  BuzzOutputs,
  BuzzMethod,
  BuzzPlace,
  BuzzRound,
  BuzzSnapshot,
  LateArrivals,
  Profile,
  ProfileAttribute,
} from '../../shared/buzz.js';
import { isLiveRound } from '../../shared/buzz.js';
import { AppError } from '../../shared/errors.js';
import type { Role } from '../../shared/events.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import type { BuzzRepository, DraftGroup, RoundRecord } from '../db/buzzRepository.js';
import type { Logger } from '../logger.js';
import type { Room } from '../media/room.js';
import type { RoomRegistry } from '../media/roomRegistry.js';
import type { AuditLog } from '../moderation/auditLog.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { Membership } from '../realtime/session.js';
import { Coalescer } from '../conversation/coalescer.js';
import {
  assignBalanced,
  assignByAttribute,
  groupCountFor,
  type GroupSplit,
  type Random,
} from './assignment.js';
import {
  cancelBuzz,
  endBuzz,
  extendBuzz,
  finishBuzz,
  startBuzz,
  type BuzzState,
} from './buzzSession.js';
import { NotesHub } from './notesHub.js';
import { ReadAfterAsking } from './readAfterAsking.js';

export interface BuzzDeps {
  buzzRounds: BuzzRepository;
  registry: RoomRegistry;
  broadcastTo(roomId: RoomId): RoomBroadcast;
  audit: AuditLog;
  logger: Logger;
  now?: () => number;
  random?: Random;
  /** The session's last round's notes as a joiner reads them (cached: every joiner reads the same); the repository's by default. */
  lastOutputs?: (sessionId: RoomId) => Promise<BuzzOutputs | null>;
  /** A round's rooms were created (before anyone is sent there): what joiners read of them can be known at once. */
  onGroupRoomsCreated?: (roomIds: string[]) => Promise<void>;
}

/** A session's round as read after its buzz sequence stood at `seq`. */
interface NumberedRead {
  seq: number;
  round: RoundRecord | null;
}

/** The state machine's view of a stored round. */
function stateOf(round: RoundRecord): BuzzState {
  switch (round.phase) {
    case 'draft':
      return { name: 'draft' };
    case 'running':
      return { name: 'running', startedAt: round.startedAt!, endsAt: round.endsAt! };
    case 'ending':
      return { name: 'ending', startedAt: round.startedAt!, endsAt: round.endsAt!, returnAt: round.returnAt! };
    case 'ended':
      return { name: 'ended', startedAt: round.startedAt, endedAt: round.endedAt! };
  }
}

function groupOf(round: RoundRecord, userId: string): RoundRecord['groups'][number] | undefined {
  return round.groups.find((group) => group.members.some((member) => member.userId === userId));
}

function placeIn(round: RoundRecord, group: RoundRecord['groups'][number] | undefined): BuzzPlace {
  return {
    roundId: round.id,
    group: group
      ? {
          index: group.index,
          roomId: group.roomId ? asRoomId(group.roomId) : null,
          name: group.name,
          prompt: group.prompt,
          facilitatorUserId: group.facilitatorUserId,
        }
      : null,
  };
}

/**
 * Buzz groups of every session on this process: drafting, starting,
 * timing, moving people, help calls, notes, and bringing everyone back.
 * State lives in the database (a reconnecting person, on any process,
 * finds their group there); this class decides, stores, then tells.
 * Changes to one session's round run one after another.
 */
export class BuzzService {
  readonly notes: NotesHub;
  private readonly now: () => number;
  private readonly random: Random;
  private readonly queues = new Map<RoomId, Promise<unknown>>();
  /**
   * A read of a session's round in flight, shared by the joins that arrive
   * meanwhile: a split sends hundreds of people into their groups within a
   * second, and each would otherwise load the whole round. Dropped when a
   * change to the round completes here, so nobody gets a read older than a
   * change they could know of (a refusal re-reads; see {@link admitToGroup}).
   */
  private readonly sharedReads = new Map<RoomId, Promise<NumberedRead>>();
  /** The session's last number, read after the caller asked (a return's thousand joins share a few reads). */
  private readonly latestNumbers: ReadAfterAsking<RoomId, number>;
  private readonly returnTimers = new Map<string, NodeJS.Timeout>();
  /** The round as the audience sees it, per round read: every joiner sharing a read gets the same (a split's thousand joins). */
  private readonly audienceViews = new WeakMap<RoundRecord, BuzzRound>();
  /** Self-selection changes counts many times a second; the round goes out at most every 250 ms. */
  private readonly coalescer = new Coalescer(250);

  constructor(private readonly deps: BuzzDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.notes = new NotesHub(deps);
    this.latestNumbers = new ReadAfterAsking((sessionId) => deps.buzzRounds.lastNumber(sessionId));
  }

  // --- Moderators -----------------------------------------------------------

  /** Drafts groups from the people in the main session now; replaces an earlier draft. */
  draft(
    by: Membership,
    request: { split: GroupSplit; method: BuzzMethod; attribute?: ProfileAttribute },
  ): Promise<BuzzRound> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const current = await this.deps.buzzRounds.current(sessionId);
      if (current && current.phase !== 'draft') throw new AppError('CONFLICT', 'buzz groups are already running');
      if (request.method === 'attribute' && !request.attribute) {
        throw new AppError('INVALID_PAYLOAD', 'grouping by attribute needs the attribute (language or region)');
      }
      const people = this.peopleInMain(sessionId);
      const count = groupCountFor(people.length, request.split);
      const byId = new Map(people.map((person) => [person.userId, person]));
      let plan: string[][];
      switch (request.method) {
        case 'balanced':
          plan = assignBalanced([...byId.keys()], count, this.random);
          break;
        case 'attribute':
          plan = assignByAttribute(
            people.map((person) => ({ userId: person.userId, value: person.profile[request.attribute!] ?? null })),
            count,
            this.random,
          );
          break;
        default:
          plan = Array.from({ length: count }, () => []);
      }
      const groups: DraftGroup[] = plan.map((userIds, index) => ({
        name: `Group ${index + 1}`,
        prompt: '',
        facilitatorUserId: null,
        members: userIds.map((userId) => ({ userId, displayName: byId.get(userId)!.displayName })),
      }));
      const selfSelectCap = request.method === 'self-select' ? Math.max(1, Math.ceil(people.length / count)) : null;
      const round = await this.deps.buzzRounds.saveDraft(
        sessionId,
        { method: request.method, lateArrivals: 'assign', selfSelectCap },
        groups,
      );
      return this.announce(sessionId, round);
    });
  }

  /** The moderator's adjustments to the draft: names, prompts, facilitators, who is where, settings. */
  updateDraft(
    by: Membership,
    change: {
      groups: { name: string; prompt: string; facilitatorUserId: string | null; members: string[] }[];
      lateArrivals: LateArrivals;
      selfSelectCap: number | null;
    },
  ): Promise<BuzzRound> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const current = await this.requireRound(sessionId, ['draft']);
      const known = new Map<string, BuzzMember>();
      for (const group of current.groups) for (const member of group.members) known.set(member.userId, member);
      // By hand, moderators may be placed too (a co-moderator facilitating a group).
      for (const person of this.peopleInMain(sessionId, { withModerators: true })) known.set(person.userId, person);
      const seen = new Set<string>();
      const groups = change.groups.map((group) => {
        const members = group.members.map((userId) => {
          const member = known.get(userId);
          if (!member) throw new AppError('NOT_FOUND', 'someone in the plan is not in this session');
          if (seen.has(userId)) throw new AppError('INVALID_PAYLOAD', 'someone is in two groups');
          seen.add(userId);
          return { userId, displayName: member.displayName };
        });
        if (group.facilitatorUserId && !group.members.includes(group.facilitatorUserId)) {
          throw new AppError('INVALID_PAYLOAD', "a group's facilitator must be one of its members");
        }
        return { ...group, members };
      });
      const selfSelectCap = current.method === 'self-select' ? (change.selfSelectCap ?? current.selfSelectCap) : null;
      const round = await this.deps.buzzRounds.saveDraft(
        sessionId,
        { method: current.method, lateArrivals: change.lateArrivals, selfSelectCap },
        groups,
      );
      return this.announce(sessionId, round);
    });
  }

  /** Starts the draft: every group gets its room, everyone placed is sent there. */
  start(by: Membership, durationMs: number): Promise<BuzzRound> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const enteredAt = performance.now();
      const draft = await this.requireRound(sessionId, ['draft']);
      const now = this.now();
      const state = startBuzz(stateOf(draft), now, durationMs);
      if (state.name !== 'running') throw new Error('unreachable');
      const round = await this.deps.buzzRounds.start(draft.id, now, state.endsAt);
      await this.deps
        .onGroupRoomsCreated?.(round.groups.flatMap((group) => (group.roomId ? [group.roomId] : [])))
        .catch((error: unknown) => this.deps.logger.warn({ err: error, roundId: round.id }, 'new group rooms not cached'));
      const announced = await this.announce(
        sessionId,
        round,
        round.groups.flatMap((group) => group.members.map((member) => member.userId)),
      );
      this.deps.logger.info({ roundId: round.id, groups: round.groups.length, members: round.groups.reduce((n, g) => n + g.members.length, 0), tookMs: Number((performance.now() - enteredAt).toFixed(1)) }, 'buzz groups started');
      void this.deps.audit.record(by, 'buzz.start', null, `${round.groups.length} groups, ${Math.round(durationMs / 60_000)} min`);
      return announced;
    });
  }

  extend(by: Membership, byMs: number): Promise<BuzzRound> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const round = await this.requireRound(sessionId, ['running']);
      const state = extendBuzz(stateOf(round), this.now(), byMs);
      if (state.name !== 'running') throw new Error('unreachable');
      await this.deps.buzzRounds.setTimes(round.id, { endsAt: state.endsAt });
      void this.deps.audit.record(by, 'buzz.extend', null, `${Math.round(byMs / 60_000)} min`);
      return this.announce(sessionId, { ...round, endsAt: state.endsAt });
    });
  }

  /** "End all groups": at once, or after a countdown everyone sees. */
  end(by: Membership, countdownMs: number): Promise<BuzzRound> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const round = await this.requireRound(sessionId, ['running']);
      const state = endBuzz(stateOf(round), this.now(), countdownMs);
      void this.deps.audit.record(by, 'buzz.end', null, countdownMs ? `in ${Math.round(countdownMs / 1000)} s` : 'at once');
      if (state.name === 'ended') return this.finish(round, state.endedAt);
      if (state.name !== 'ending') throw new Error('unreachable');
      await this.deps.buzzRounds.setTimes(round.id, { phase: 'ending', returnAt: state.returnAt });
      this.scheduleReturn(sessionId, round.id, state.returnAt);
      return this.announce(sessionId, { ...round, phase: 'ending', returnAt: state.returnAt });
    });
  }

  /** Drops the draft, or stops the countdown (the groups go on). */
  cancel(by: Membership): Promise<BuzzRound | null> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const round = await this.requireRound(sessionId, ['draft', 'ending']);
      const state = cancelBuzz(stateOf(round), this.now());
      if (state.name === 'ended') {
        await this.deps.buzzRounds.setTimes(round.id, { phase: 'ended', endedAt: state.endedAt });
        await this.announce(sessionId, { ...round, phase: 'ended' });
        return null;
      }
      this.clearReturn(round.id);
      await this.deps.buzzRounds.setTimes(round.id, { phase: 'running', returnAt: null });
      void this.deps.audit.record(by, 'buzz.cancel', null, 'countdown stopped');
      return this.announce(sessionId, { ...round, phase: 'running', returnAt: null });
    });
  }

  /** Moves someone to another group (in the draft, or while groups run: they are sent there). */
  move(by: Membership, userId: string, toGroup: number): Promise<BuzzRound> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const round = await this.requireRound(sessionId, ['draft', 'running', 'ending']);
      const target = round.groups.find((group) => group.index === toGroup);
      if (!target) throw new AppError('NOT_FOUND', 'no such group');
      const member =
        round.groups.flatMap((group) => group.members).find((m) => m.userId === userId) ??
        this.peopleInMain(sessionId, { withModerators: true }).find((person) => person.userId === userId);
      if (!member) throw new AppError('NOT_FOUND', 'that person is not in this session');
      const person = { userId, displayName: member.displayName };
      await this.deps.buzzRounds.place(round.id, person, toGroup);
      const moved = withMember(round, person, toGroup);
      if (round.phase === 'draft') return this.announce(sessionId, moved);
      void this.deps.audit.record(by, 'buzz.move', person, target.name);
      // They are sent there.
      return this.announce(sessionId, moved, [userId]);
    });
  }

  broadcast(by: Membership, text: string): void {
    const sessionId = by.room.sessionId;
    this.deps.broadcastTo(sessionId).toSession('buzz:broadcasted', { text, by: by.peer.identity.displayName, at: this.now() });
    void this.deps.audit.record(by, 'buzz.broadcast', null, text);
  }

  clearHelp(by: Membership, groupIndex: number): Promise<void> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const round = await this.requireRound(sessionId, ['running', 'ending']);
      const group = round.groups.find((g) => g.index === groupIndex);
      if (!group) throw new AppError('NOT_FOUND', 'no such group');
      await this.deps.buzzRounds.setHelp(round.id, groupIndex, null, null);
      await this.announce(sessionId, withHelp(round, groupIndex, null, null));
    });
  }

  // --- Participants ---------------------------------------------------------

  /** Self-selection: into a group with room left. */
  choose(by: Membership, toGroup: number): Promise<BuzzPlace> {
    const sessionId = by.room.sessionId;
    return this.inTurn(sessionId, async () => {
      const round = await this.requireRound(sessionId, ['running']);
      if (round.method !== 'self-select' || round.selfSelectCap === null) {
        throw new AppError('FORBIDDEN', 'the moderators chose the groups for this round');
      }
      const target = round.groups.find((group) => group.index === toGroup);
      if (!target) throw new AppError('NOT_FOUND', 'no such group');
      const { userId, displayName } = by.peer.identity;
      const person = { userId, displayName };
      if (!(await this.deps.buzzRounds.placeWithCap(round.id, person, toGroup, round.selfSelectCap))) {
        throw new AppError('CONFLICT', 'that group is full; choose another');
      }
      const moved = withMember(round, person, toGroup);
      const place = placeIn(moved, target);
      // The person's other tabs follow too.
      await this.tellPlaces(sessionId, [userId]);
      this.coalescer.schedule(sessionId, () => void this.reannounce(sessionId));
      return place;
    });
  }

  /** Someone in a group asks for a moderator; the moderators see which group. */
  callHelp(by: Membership): Promise<void> {
    const group = by.room.group;
    if (!group) return Promise.reject(new AppError('CONFLICT', 'calling for help is for buzz groups'));
    return this.inTurn(group.sessionId, async () => {
      const round = await this.requireRound(group.sessionId, ['running', 'ending']);
      const at = this.now();
      const name = by.peer.identity.displayName;
      await this.deps.buzzRounds.setHelp(round.id, group.index, at, name);
      await this.announce(group.sessionId, withHelp(round, group.index, at, name));
    });
  }

  // --- Joining --------------------------------------------------------------

  /**
   * Whether someone may enter a group's room: its members, and the
   * session's moderators (visiting). NOT_FOUND once the round is over, so a
   * reconnecting client knows to go back to the main session.
   */
  async admitToGroup(
    groupRoomId: RoomId,
    sessionId: RoomId,
    userId: string,
    role: Role,
  ): Promise<{ index: number }> {
    const decide = (round: RoundRecord | null): { index: number } | AppError => {
      const group = isLiveRound(round) ? round.groups.find((g) => g.roomId === groupRoomId) : undefined;
      if (!round || !group) return new AppError('NOT_FOUND', 'these buzz groups have ended');
      if (role !== 'moderator' && groupOf(round, userId)?.index !== group.index) {
        return new AppError('FORBIDDEN', 'you are in another group');
      }
      return { index: group.index };
    };
    let decision = decide((await this.readShared(sessionId)).round);
    // A shared read may predate a change made on another process (a move, the start): refuse only on a fresh one.
    if (decision instanceof AppError) decision = decide(await this.deps.buzzRounds.current(sessionId));
    if (decision instanceof AppError) throw decision;
    return decision;
  }

  /**
   * What a (re)joining person learns: the round, where they belong (a late
   * arrival is placed in the smallest group if the moderators chose so),
   * the last round's notes, and in a group's room its notes so far.
   */
  async snapshot(room: Room, person: BuzzMember, role: Role): Promise<BuzzSnapshot> {
    const sessionId = room.sessionId;
    // Read once the caller listens on the session's channels: any change numbered later reaches them.
    const latest = await this.latestNumbers.get(sessionId);
    let read = await this.readShared(sessionId);
    // A shared read from before that number is read again; so is one saying the round is over
    // in a group's room, where it was live a moment ago (admitToGroup).
    if (read.seq < latest || (room.group && !isLiveRound(read.round))) read = await this.readNumbered(sessionId);
    let round = read.round;
    if (round?.phase === 'ending' && round.returnAt !== null && round.returnAt <= this.now()) {
      // The process that ran the countdown is gone: whoever looks first finishes the round.
      await this.inTurn(sessionId, async () => {
        const again = await this.deps.buzzRounds.current(sessionId);
        if (again?.id === round!.id && again.phase === 'ending') await this.finish(again, this.now());
      });
      round = null;
    }
    if (round?.phase === 'draft' && role !== 'moderator') round = null;
    let place: BuzzPlace | null = null;
    if (isLiveRound(round)) {
      const group = groupOf(round, person.userId);
      if (group) {
        place = placeIn(round, group);
      } else if (room.group === null && role !== 'moderator') {
        const placed = await this.placeLateArrival(sessionId, round.id, person);
        if (placed) round = placed.round;
        place = placed?.place ?? placeIn(round, undefined);
      }
    }
    const group = room.group;
    return {
      seq: read.seq,
      sessionId,
      groupIndex: group?.index ?? null,
      round: round ? (role === 'moderator' ? this.view(round, true) : this.audienceView(round)) : null,
      place,
      outputs: group ? null : outputsFor(await this.readOutputs(sessionId), role === 'moderator'),
      notes: group && isLiveRound(round) ? await this.notes.state(round.id, group.index) : null,
      presence: role === 'moderator' && isLiveRound(round) ? this.presenceOf(round) : null,
      serverNow: this.now(),
    };
  }

  /** Moderators see who is in each group's room right now. */
  presenceChanged(room: Room): void {
    const group = room.group;
    if (!group) return;
    this.deps.broadcastTo(group.sessionId).toModerators('buzz:presence', { group: group.index, present: presentIn(room) });
  }

  /** A member changed the group's notes: merged, saved soon, sent to the rest of the group. */
  async updateNotes(by: Membership, socketId: string, update: Uint8Array): Promise<void> {
    const group = by.room.group;
    if (!group) throw new AppError('CONFLICT', 'notes are for buzz groups');
    const round = await this.requireRound(group.sessionId, ['running', 'ending']);
    await this.notes.apply(round.id, group.index, update);
    this.deps.broadcastTo(by.room.id).toAllExcept(socketId, 'notes:updated', { update });
  }

  close(): void {
    for (const timer of this.returnTimers.values()) clearTimeout(timer);
    this.returnTimers.clear();
    this.coalescer.close();
  }

  // --- Inside ---------------------------------------------------------------

  /** Who is in each group's room open on this process (changes arrive as `buzz:presence`). */
  private presenceOf(round: RoundRecord): Record<number, string[]> {
    const presence: Record<number, string[]> = {};
    for (const group of round.groups) {
      const room = group.roomId ? this.deps.registry.get(asRoomId(group.roomId)) : undefined;
      if (room) presence[group.index] = presentIn(room);
    }
    return presence;
  }

  private async placeLateArrival(
    sessionId: RoomId,
    roundId: string,
    person: BuzzMember,
  ): Promise<{ round: RoundRecord; place: BuzzPlace } | null> {
    return this.inTurn(sessionId, async () => {
      const round = await this.deps.buzzRounds.current(sessionId);
      if (!isLiveRound(round) || round.id !== roundId) return null;
      const already = groupOf(round, person.userId);
      if (already) return { round, place: placeIn(round, already) };
      if (round.lateArrivals !== 'assign' || round.method === 'self-select' || round.groups.length === 0) return null;
      const smallest = round.groups.reduce((best, group) => (group.members.length < best.members.length ? group : best));
      await this.deps.buzzRounds.place(round.id, person, smallest.index);
      const placed = withMember(round, person, smallest.index);
      await this.announce(sessionId, placed);
      return { round: placed, place: placeIn(placed, placed.groups.find((g) => g.index === smallest.index)) };
    });
  }

  /** Everyone returns: notes saved, the round closed, the notes sent to the main session. */
  private async finish(round: RoundRecord, endedAt: number): Promise<BuzzRound> {
    const enteredAt = performance.now();
    this.clearReturn(round.id);
    await this.notes.close(round.id);
    await this.deps.buzzRounds.setTimes(round.id, { phase: 'ended', endedAt });
    const seq = await this.deps.buzzRounds.takeNumbers(round.roomId, 1);
    const outputs = await this.deps.buzzRounds.lastOutputs(round.roomId);
    const broadcast = this.deps.broadcastTo(asRoomId(round.roomId));
    broadcast.toModerators('buzz:ended', outputs, seq);
    broadcast.toSessionAudience('buzz:ended', outputsFor(outputs, false), seq);
    this.deps.logger.info({ roundId: round.id, groups: round.groups.length, members: round.groups.reduce((n, g) => n + g.members.length, 0), tookMs: Number((performance.now() - enteredAt).toFixed(1)) }, 'buzz groups ended');
    return this.view({ ...round, phase: 'ended', endedAt }, true);
  }

  private scheduleReturn(sessionId: RoomId, roundId: string, returnAt: number): void {
    this.clearReturn(roundId);
    const timer = setTimeout(() => {
      this.returnTimers.delete(roundId);
      void this.inTurn(sessionId, async () => {
        const round = await this.deps.buzzRounds.current(sessionId);
        if (round?.id !== roundId || round.phase !== 'ending') return;
        const state = finishBuzz(stateOf(round), Math.max(this.now(), returnAt));
        if (state.name === 'ended') await this.finish(round, state.endedAt);
      }).catch((error: unknown) => this.deps.logger.error({ err: error, roundId }, 'buzz groups did not end'));
    }, Math.max(0, returnAt - this.now()));
    timer.unref();
    this.returnTimers.set(roundId, timer);
  }

  private clearReturn(roundId: string): void {
    const timer = this.returnTimers.get(roundId);
    if (timer) clearTimeout(timer);
    this.returnTimers.delete(roundId);
  }

  private async requireRound(sessionId: RoomId, phases: RoundRecord['phase'][]): Promise<RoundRecord> {
    const round = await this.deps.buzzRounds.current(sessionId);
    if (!round) throw new AppError('NOT_FOUND', 'there are no buzz groups in this session');
    if (!phases.includes(round.phase)) {
      throw new AppError('CONFLICT', `the buzz groups are ${round.phase === 'draft' ? 'still a draft' : round.phase}`);
    }
    return round;
  }

  /**
   * Tells a change that has committed: where the people it `moved` now are
   * (`buzz:assigned`, if any), then the round (`buzz:changed`), whole to
   * moderators, without names to everyone else (only its number while a
   * draft: the audience never sees one). Each message has its own number,
   * taken before what it says is read, so it holds every change numbered
   * before it, whichever process made that (see BuzzSnapshot).
   * `changed` is the round as this change left it, told as ended if it is
   * over by the time of the reading.
   */
  private async announce(sessionId: RoomId, changed: RoundRecord, moved: readonly string[] = []): Promise<BuzzRound> {
    const last = await this.deps.buzzRounds.takeNumbers(sessionId, moved.length > 0 ? 2 : 1);
    const round = (await this.deps.buzzRounds.current(sessionId)) ?? { ...changed, phase: 'ended' as const };
    if (moved.length > 0) this.sendPlaces(sessionId, round, moved, last - 1);
    const broadcast = this.deps.broadcastTo(sessionId);
    const full = this.view(round, true);
    broadcast.toModerators('buzz:changed', full, last);
    if (round.phase === 'draft' || round.startedAt === null) broadcast.toSessionAudience('buzz:advanced', last);
    else broadcast.toSessionAudience('buzz:changed', this.view(round, false), last);
    return full;
  }

  /** Tells people where they now are, as {@link announce} does, without the round (self-selection sends it coalesced). */
  private async tellPlaces(sessionId: RoomId, moved: readonly string[]): Promise<void> {
    const seq = await this.deps.buzzRounds.takeNumbers(sessionId, 1);
    this.sendPlaces(sessionId, await this.deps.buzzRounds.current(sessionId), moved, seq);
  }

  /** `buzz:assigned` to each of `moved` in the round read, and the number alone to everyone else in the session. */
  private sendPlaces(sessionId: RoomId, round: RoundRecord | null, moved: readonly string[], seq: number): void {
    const broadcast = this.deps.broadcastTo(sessionId);
    const told: string[] = [];
    if (isLiveRound(round)) {
      const wanted = new Set(moved);
      for (const group of round.groups) {
        const members = group.members.flatMap((member) => (wanted.has(member.userId) ? [member.userId] : []));
        if (members.length === 0) continue;
        broadcast.toPeople(members, 'buzz:assigned', placeIn(round, group), seq);
        told.push(...members);
      }
    }
    broadcast.toSessionExcept(told, 'buzz:advanced', seq);
  }

  private async reannounce(sessionId: RoomId): Promise<void> {
    const round = await this.deps.buzzRounds.current(sessionId);
    if (round) await this.announce(sessionId, round);
  }

  private audienceView(round: RoundRecord): BuzzRound {
    let view = this.audienceViews.get(round);
    if (!view) {
      view = this.view(round, false);
      this.audienceViews.set(round, view);
    }
    return view;
  }

  private view(round: RoundRecord, forModerators: boolean): BuzzRound {
    const assigned = new Set(round.groups.flatMap((group) => group.members.map((member) => member.userId)));
    return {
      roundId: round.id,
      phase: round.phase,
      method: round.method,
      lateArrivals: round.lateArrivals,
      selfSelectCap: round.selfSelectCap,
      startedAt: round.startedAt,
      endsAt: round.endsAt,
      returnAt: round.returnAt,
      groups: round.groups.map(
        (group): BuzzGroup => ({
          index: group.index,
          roomId: group.roomId ? asRoomId(group.roomId) : null,
          name: group.name,
          prompt: group.prompt,
          // Who facilitates is for moderators (a group's members learn theirs with their place).
          facilitatorUserId: forModerators ? group.facilitatorUserId : null,
          memberCount: group.members.length,
          members: forModerators ? group.members : null,
          helpRequestedAt: forModerators ? group.helpRequestedAt : null,
          helpRequestedBy: forModerators ? group.helpRequestedBy : null,
        }),
      ),
      unassigned: forModerators
        ? this.peopleInMain(asRoomId(round.roomId), { withModerators: true })
            .filter((person) => !assigned.has(person.userId))
            .map(({ userId, displayName }) => ({ userId, displayName }))
        : null,
    };
  }

  /**
   * People in the main session's room who can be put in a group. Drafts
   * leave moderators out (they run the groups); by hand they can be placed.
   */
  private peopleInMain(sessionId: RoomId, { withModerators = false } = {}): (BuzzMember & { profile: Profile })[] {
    const room = this.deps.registry.get(sessionId);
    if (!room) return [];
    return room
      .peerList()
      .filter((peer) => withModerators || peer.role !== 'moderator')
      .map((peer) => ({ userId: peer.identity.userId, displayName: peer.identity.displayName, profile: peer.profile }));
  }

  private readOutputs(sessionId: RoomId): Promise<BuzzOutputs | null> {
    return this.deps.lastOutputs ? this.deps.lastOutputs(sessionId) : this.deps.buzzRounds.lastOutputs(sessionId);
  }

  /** The session's round, read after its last number (so it holds every change up to that number). */
  private async readNumbered(sessionId: RoomId): Promise<NumberedRead> {
    const seq = await this.deps.buzzRounds.lastNumber(sessionId);
    return { seq, round: await this.deps.buzzRounds.current(sessionId) };
  }

  private readShared(sessionId: RoomId): Promise<NumberedRead> {
    let read = this.sharedReads.get(sessionId);
    if (!read) {
      read = this.readNumbered(sessionId);
      this.sharedReads.set(sessionId, read);
      const settled = read;
      void read.then(
        () => this.forgetSharedRead(sessionId, settled),
        () => this.forgetSharedRead(sessionId, settled),
      );
    }
    return read;
  }

  private forgetSharedRead(sessionId: RoomId, read?: Promise<NumberedRead>): void {
    if (!read || this.sharedReads.get(sessionId) === read) this.sharedReads.delete(sessionId);
  }

  private inTurn<T>(sessionId: RoomId, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(sessionId) ?? Promise.resolve();
    const changing = async () => {
      try {
        return await task();
      } finally {
        // Whatever this changed, later readers see it.
        this.forgetSharedRead(sessionId);
      }
    };
    const run = previous.then(changing, changing);
    const settled = run.catch(() => undefined);
    this.queues.set(sessionId, settled);
    void settled.then(() => {
      if (this.queues.get(sessionId) === settled) this.queues.delete(sessionId);
    });
    return run;
  }
}

/**
 * A round's notes as one person sees them: everyone reads the notes; who
 * facilitated each group (a member of the audience, until they come on
 * stage to report) only moderators see.
 */
function outputsFor(outputs: BuzzOutputs | null, isModerator: boolean): BuzzOutputs | null {
  if (!outputs || isModerator) return outputs;
  return { ...outputs, groups: outputs.groups.map((group) => ({ ...group, facilitatorUserId: null, facilitatorName: null })) };
}

function presentIn(room: Room): string[] {
  return room
    .peerList()
    .filter((peer) => !peer.isClosed && !peer.isReconnecting && !room.isGuest(peer))
    .map((peer) => peer.identity.userId);
}

function withMember(round: RoundRecord, person: BuzzMember, toGroup: number): RoundRecord {
  return {
    ...round,
    groups: round.groups.map((group) => {
      const members = group.members.filter((member) => member.userId !== person.userId);
      return { ...group, members: group.index === toGroup ? [...members, person] : members };
    }),
  };
}

function withHelp(round: RoundRecord, groupIndex: number, at: number | null, by: string | null): RoundRecord {
  return {
    ...round,
    groups: round.groups.map((group) =>
      group.index === groupIndex ? { ...group, helpRequestedAt: at, helpRequestedBy: by } : group,
    ),
  };
}
