import type {
  ApplicationFields,
  ApplicationInput,
  ApplicationQuery,
  ApplicationState,
  CallInput,
  CallKind,
  CallStatus,
  CallSummary,
  ConsoleApplication,
  ConsoleCall,
  MyApplication,
} from '../../shared/calls.js';
import { APPLICATION_STATES } from '../../shared/calls.js';
import type { ConsolePage } from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import { instantOfWallTime, wallTimeOf } from '../../shared/timeZones.js';
import type { Prisma, PrismaClient } from '../db/generated/client.js';
import { isCallOpen, nextState, type ApplicationAction } from './applicationStates.js';

const callInclude = {
  event: { select: { slug: true, name: true } },
  session: { select: { id: true, title: true } },
} as const satisfies Prisma.ParticipationCallInclude;
type CallRow = Prisma.ParticipationCallGetPayload<{ include: typeof callInclude }>;

const applicationInclude = {
  call: { include: callInclude },
  account: { select: { displayName: true, email: true } },
  comments: { orderBy: { at: 'asc' } },
} as const satisfies Prisma.ApplicationInclude;
type ApplicationRow = Prisma.ApplicationGetPayload<{ include: typeof applicationInclude }>;

/** What a decision needs to act on: the call, and who applied (their confirmed address takes the role). */
export interface Decided {
  application: ConsoleApplication;
  eventId: string;
  eventName: string;
  callKind: CallKind;
  /** The session the call is for, if any. */
  callSessionId: string | null;
  /** The call named a session when written (which may since have been deleted). */
  callWasForSession: boolean;
  accountId: string;
}

/**
 * Calls for participation and their applications (shared/calls.ts). Each
 * console method names its event: another event's call or application is
 * not found. An applicant reads and changes only their own.
 */
export interface CallRepository {
  openCalls(eventSlug: string): Promise<CallSummary[]>;
  /** A call anyone may read (not a draft, its event published). */
  publicCall(callId: string): Promise<CallSummary | null>;
  myApplication(callId: string, accountId: string): Promise<MyApplication | null>;
  /** Applies, or changes the application while the call is open. */
  apply(callId: string, accountId: string, input: ApplicationInput): Promise<MyApplication>;
  withdraw(callId: string, accountId: string): Promise<MyApplication>;
  myApplications(accountId: string): Promise<MyApplication[]>;

  calls(eventId: string): Promise<ConsoleCall[]>;
  createCall(eventId: string, input: CallInput): Promise<ConsoleCall>;
  updateCall(eventId: string, callId: string, input: CallInput): Promise<ConsoleCall>;
  deleteCall(eventId: string, callId: string): Promise<void>;
  applications(eventId: string, query: ApplicationQuery, limit: number): Promise<ConsolePage<ConsoleApplication>>;
  application(eventId: string, applicationId: string): Promise<ConsoleApplication | null>;
  comment(eventId: string, applicationId: string, author: { id: string; name: string }, body: string): Promise<ConsoleApplication>;
  /** Moves a submitted application to its decision (once: a second decision is CONFLICT). */
  decide(eventId: string, applicationId: string, action: 'accept' | 'decline', message: string): Promise<Decided>;
  /** Puts a decision back to submitted (what it should have done failed): it may be decided again. */
  undoDecision(applicationId: string): Promise<void>;
  /** The partner's draft session, made on acceptance. */
  attachSession(applicationId: string, sessionId: string, ownerAccountId: string): Promise<void>;
  exportApplications(eventId: string): Promise<{ header: string[]; rows: string[][] }>;
  /** A session this account owns (a partner's, made on acceptance), or null. */
  ownedSession(sessionId: string, accountId: string): Promise<{ id: string; eventId: string; roomId: string | null } | null>;
}

export function createCallRepository(prisma: PrismaClient, now: () => Date = () => new Date()): CallRepository {
  const toCall = (row: CallRow): CallSummary => ({
    id: row.id,
    eventId: row.eventId,
    eventSlug: row.event.slug,
    eventName: row.event.name,
    kind: row.kind as CallKind,
    title: row.title,
    description: row.description,
    questions: row.questions,
    closesAt: row.closesAt.toISOString(),
    timeZone: row.timeZone,
    status: row.status as CallStatus,
    isOpen: isCallOpen(row, now()),
    session: row.session,
  });

  const fieldsOf = (row: Omit<ApplicationRow, 'account' | 'comments' | 'call'>): ApplicationFields => ({
    id: row.id,
    summary: row.summary,
    answers: row.answers,
    state: row.state as ApplicationState,
    message: row.message,
    submittedAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    sessionId: row.sessionId,
  });

  const toMine = (row: Omit<ApplicationRow, 'account' | 'comments'>): MyApplication => ({ ...fieldsOf(row), call: toCall(row.call) });

  const toConsole = (row: ApplicationRow): ConsoleApplication => ({
    ...fieldsOf(row),
    callId: row.callId,
    callTitle: row.call.title,
    callKind: row.call.kind as CallKind,
    questions: row.call.questions,
    displayName: row.account.displayName,
    email: row.account.email,
    comments: row.comments.map((comment) => ({ id: comment.id, authorName: comment.authorName, body: comment.body, at: comment.at.toISOString() })),
  });

  const consoleCall = async (row: CallRow): Promise<ConsoleCall> => {
    const counts = await prisma.application.groupBy({ by: ['state'], where: { callId: row.id }, _count: { _all: true } });
    const applications = Object.fromEntries(APPLICATION_STATES.map((state) => [state, 0])) as Record<ApplicationState, number>;
    for (const count of counts) applications[count.state as ApplicationState] = count._count._all;
    return { ...toCall(row), closesAtLocal: wallTimeOf(row.closesAt, row.timeZone), applications };
  };

  /** A call a member of the public may apply to or read: not a draft, in a published event. */
  const readableCall = (callId: string) =>
    prisma.participationCall.findFirst({ where: { id: callId, status: { not: 'draft' }, event: { status: 'published' } }, include: callInclude });

  const callData = async (eventId: string, input: CallInput) => {
    if (input.sessionId && (await prisma.session.count({ where: { id: input.sessionId, eventId } })) === 0) {
      throw new AppError('NOT_FOUND', 'no such session in this event');
    }
    const closesAt = instantOfWallTime(input.closesAt, input.timeZone);
    if (!closesAt) throw new AppError('INVALID_PAYLOAD', 'closesAt: this time does not exist in that time zone');
    const { closesAt: _local, ...rest } = input;
    return { ...rest, closesAt, forSession: input.sessionId !== null };
  };

  const applicationIn = async (eventId: string, applicationId: string) => {
    const row = await prisma.application.findFirst({ where: { id: applicationId, call: { eventId } }, include: applicationInclude });
    if (!row) throw new AppError('NOT_FOUND', 'no such application in this event');
    return row;
  };

  /** Moves the applicant's own application, checked by the state machine. */
  const move = async (callId: string, accountId: string, action: ApplicationAction, data: Prisma.ApplicationUpdateManyMutationInput) => {
    const row = await prisma.application.findUnique({ where: { callId_accountId: { callId, accountId } }, include: { call: true } });
    if (!row) throw new AppError('NOT_FOUND', 'you have not applied to this call');
    const next = nextState(row.state as ApplicationState, action, isCallOpen(row.call, now()));
    if (next === null) throw new AppError('CONFLICT', row.state === 'submitted' ? 'this call has closed' : `this application was ${row.state}`);
    // Only from the state read: a decision made meanwhile wins.
    const { count } = await prisma.application.updateMany({ where: { id: row.id, state: row.state }, data: { ...data, state: next } });
    if (count === 0) throw new AppError('CONFLICT', 'this application changed meanwhile: reload it');
  };

  const repository: CallRepository = {
    openCalls: async (eventSlug) => {
      const rows = await prisma.participationCall.findMany({
        where: { status: 'open', closesAt: { gt: now() }, event: { slug: eventSlug, status: 'published' } },
        include: callInclude,
        orderBy: [{ closesAt: 'asc' }, { title: 'asc' }],
      });
      return rows.map(toCall);
    },

    publicCall: async (callId) => {
      const row = await readableCall(callId);
      return row ? toCall(row) : null;
    },

    myApplication: async (callId, accountId) => {
      const row = await prisma.application.findUnique({ where: { callId_accountId: { callId, accountId } }, include: { call: { include: callInclude } } });
      return row ? toMine(row) : null;
    },

    apply: async (callId, accountId, input) => {
      const call = await readableCall(callId);
      if (!call) throw new AppError('NOT_FOUND', 'no open call has this id');
      if (input.answers.length > call.questions.length) throw new AppError('INVALID_PAYLOAD', 'answers: more answers than the call has questions');
      const answers = call.questions.map((_question, index) => input.answers[index] ?? '');
      const existing = await prisma.application.count({ where: { callId, accountId } });
      if (existing > 0) {
        await move(callId, accountId, 'edit', { summary: input.summary, answers });
      } else {
        if (!isCallOpen(call, now())) throw new AppError('CONFLICT', 'this call has closed');
        await prisma.application.create({ data: { callId, accountId, summary: input.summary, answers } }).catch((error: unknown) => {
          // Two tabs applying at once: the second finds the first.
          if ((error as { code?: string }).code !== 'P2002') throw error;
        });
      }
      return (await repository.myApplication(callId, accountId))!;
    },

    withdraw: async (callId, accountId) => {
      await move(callId, accountId, 'withdraw', {});
      return (await repository.myApplication(callId, accountId))!;
    },

    myApplications: async (accountId) => {
      const rows = await prisma.application.findMany({ where: { accountId }, include: { call: { include: callInclude } }, orderBy: { createdAt: 'desc' } });
      return rows.map(toMine);
    },

    calls: async (eventId) => {
      const rows = await prisma.participationCall.findMany({ where: { eventId }, include: callInclude, orderBy: [{ createdAt: 'asc' }] });
      return Promise.all(rows.map(consoleCall));
    },

    createCall: async (eventId, input) => {
      const row = await prisma.participationCall.create({ data: { ...(await callData(eventId, input)), eventId }, include: callInclude });
      return consoleCall(row);
    },

    updateCall: async (eventId, callId, input) => {
      const data = await callData(eventId, input);
      const current = await prisma.participationCall.findFirst({ where: { id: callId, eventId }, select: { questions: true, _count: { select: { applications: true } } } });
      if (!current) throw new AppError('NOT_FOUND', 'no such call in this event');
      // Answers are kept in the questions' order: once anyone answered, the questions stay as they were asked.
      if (current._count.applications > 0 && JSON.stringify(current.questions) !== JSON.stringify(data.questions)) {
        throw new AppError('CONFLICT', 'people have answered these questions: they can no longer change');
      }
      const { count } = await prisma.participationCall.updateMany({ where: { id: callId, eventId }, data });
      if (count === 0) throw new AppError('NOT_FOUND', 'no such call in this event');
      return consoleCall(await prisma.participationCall.findUniqueOrThrow({ where: { id: callId }, include: callInclude }));
    },

    deleteCall: async (eventId, callId) => {
      const call = await prisma.participationCall.findFirst({ where: { id: callId, eventId }, select: { _count: { select: { applications: true } } } });
      if (!call) throw new AppError('NOT_FOUND', 'no such call in this event');
      // People's applications are theirs: a call anyone answered is closed, not deleted.
      if (call._count.applications > 0) throw new AppError('CONFLICT', 'people applied to this call: close it instead');
      await prisma.participationCall.deleteMany({ where: { id: callId, eventId } });
    },

    applications: async (eventId, query, limit) => {
      const where: Prisma.ApplicationWhereInput = {
        call: { eventId },
        ...(query.callId ? { callId: query.callId } : {}),
        ...(query.state ? { state: query.state } : {}),
        ...(query.q
          ? {
              OR: [
                { summary: { contains: query.q, mode: 'insensitive' } },
                { account: { displayName: { contains: query.q, mode: 'insensitive' } } },
                { account: { email: { contains: query.q, mode: 'insensitive' } } },
              ],
            }
          : {}),
      };
      const [rows, total] = await Promise.all([
        prisma.application.findMany({ where, include: applicationInclude, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip: query.offset, take: limit }),
        prisma.application.count({ where }),
      ]);
      return { items: rows.map(toConsole), next: query.offset + rows.length < total ? query.offset + rows.length : null, total };
    },

    application: async (eventId, applicationId) => {
      const row = await prisma.application.findFirst({ where: { id: applicationId, call: { eventId } }, include: applicationInclude });
      return row ? toConsole(row) : null;
    },

    comment: async (eventId, applicationId, author, body) => {
      await applicationIn(eventId, applicationId);
      await prisma.applicationComment.create({ data: { applicationId, authorId: author.id, authorName: author.name, body } });
      return toConsole(await applicationIn(eventId, applicationId));
    },

    decide: async (eventId, applicationId, action, message) => {
      const row = await applicationIn(eventId, applicationId);
      const next = nextState(row.state as ApplicationState, action, isCallOpen(row.call, now()));
      if (next === null) throw new AppError('CONFLICT', `this application was ${row.state} already`);
      // Once: two organisers deciding at once, the second is told it was decided.
      const { count } = await prisma.application.updateMany({
        where: { id: row.id, state: 'submitted' },
        data: { state: next, message, decidedAt: now() },
      });
      if (count === 0) throw new AppError('CONFLICT', 'this application was decided meanwhile: reload it');
      const decided = await applicationIn(eventId, applicationId);
      return {
        application: toConsole(decided),
        eventId,
        eventName: decided.call.event.name,
        callKind: decided.call.kind as CallKind,
        callSessionId: decided.call.sessionId,
        callWasForSession: decided.call.forSession,
        accountId: decided.accountId,
      };
    },

    undoDecision: async (applicationId) => {
      await prisma.application.update({ where: { id: applicationId }, data: { state: 'submitted', message: '', decidedAt: null } });
    },

    attachSession: async (applicationId, sessionId, ownerAccountId) => {
      await prisma.$transaction([
        prisma.session.update({ where: { id: sessionId }, data: { ownerAccountId } }),
        prisma.application.update({ where: { id: applicationId }, data: { sessionId } }),
      ]);
    },

    ownedSession: (sessionId, accountId) =>
      prisma.session.findFirst({ where: { id: sessionId, ownerAccountId: accountId }, select: { id: true, eventId: true, roomId: true } }),

    exportApplications: async (eventId) => {
      const rows = await prisma.application.findMany({ where: { call: { eventId } }, include: applicationInclude, orderBy: [{ callId: 'asc' }, { createdAt: 'asc' }] });
      return {
        header: ['call', 'name', 'email', 'proposal', 'answers', 'state', 'message', 'submitted at', 'decided at', 'comments'],
        rows: rows.map((row) => [
          row.call.title,
          row.account.displayName,
          row.account.email,
          row.summary,
          row.call.questions.map((question, index) => `${question}: ${row.answers[index] ?? ''}`).join('\n'),
          row.state,
          row.message,
          row.createdAt.toISOString(),
          row.decidedAt?.toISOString() ?? '',
          row.comments.map((comment) => `${comment.authorName}: ${comment.body}`).join('\n'),
        ]),
      };
    },
  };
  return repository;
}
