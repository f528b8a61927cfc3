import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { applicationInputSchema, partnerSessionInputSchema, type CallSummary, type MyApplication } from '../../shared/calls.js';
import type { ConsoleSession } from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import { parseBody, type AccountGate } from '../accounts/accountGate.js';
import type { OrganiserRepository } from '../console/organiserRepository.js';
import { answerAppErrors } from '../http/httpErrors.js';
import type { CallRepository } from './callRepository.js';

export interface CallRouteDeps {
  gate: AccountGate;
  calls: CallRepository;
  organiser: Pick<OrganiserRepository, 'session' | 'updateSession'>;
  /** A draft session's room changed (a partner put it online): every process forgets what it read of it. */
  gatesChanged(roomIds: readonly string[]): Promise<void>;
}

const idSchema = z.uuid();
const slugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(80);

/**
 * Calls for participation as people read and answer them (mounted at
 * `/api`, see shared/calls.ts), and a partner's own draft session. Each
 * person reads and changes only their own application and session.
 */
export function createCallRouter(deps: CallRouteDeps): Router {
  const { gate, calls } = deps;
  const router = express.Router();
  router.use(gate.cookies);
  const noStore: express.RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  const callIdOf = (req: Request): string => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new AppError('NOT_FOUND', 'no call has this id');
    return id.data;
  };
  /** Applying needs a confirmed address: that is where the decision goes, and what a role is granted to. */
  const applicant = async (req: Request) => {
    const account = await gate.signedIn(req);
    if (!account.emailVerified) throw new AppError('CONFLICT', 'confirm your email address first: the decision is sent there');
    return account;
  };

  router.get('/events/:slug/calls', async (req, res) => {
    const slug = slugSchema.safeParse(req.params.slug);
    res.json((slug.success ? await calls.openCalls(slug.data) : []) satisfies CallSummary[]);
  });

  router.get('/calls/:id', async (req, res) => {
    const call = await calls.publicCall(callIdOf(req));
    if (!call) throw new AppError('NOT_FOUND', 'no call has this id');
    res.json(call satisfies CallSummary);
  });

  router.get('/calls/:id/application', noStore, async (req, res) => {
    const account = await gate.signedIn(req);
    res.json((await calls.myApplication(callIdOf(req), account.id)) satisfies MyApplication | null);
  });

  router.post('/calls/:id/application', noStore, gate.requireCsrf, async (req, res) => {
    const account = await applicant(req);
    res.json((await calls.apply(callIdOf(req), account.id, parseBody(applicationInputSchema, req.body))) satisfies MyApplication);
  });

  router.post('/calls/:id/application/withdraw', noStore, gate.requireCsrf, async (req, res) => {
    const account = await gate.signedIn(req);
    res.json((await calls.withdraw(callIdOf(req), account.id)) satisfies MyApplication);
  });

  router.get('/applications', noStore, async (req, res) => {
    const account = await gate.signedIn(req);
    res.json((await calls.myApplications(account.id)) satisfies MyApplication[]);
  });

  /** The signed-in partner's own session, while a draft (once published, its organisers keep it). */
  const ownSession = async (req: Request) => {
    const account = await gate.signedIn(req);
    const id = idSchema.safeParse(req.params.id);
    const owned = id.success ? await calls.ownedSession(id.data, account.id) : null;
    if (!owned) throw new AppError('NOT_FOUND', 'you have no session with this id');
    return owned;
  };

  router.get('/my-sessions/:id', noStore, async (req, res) => {
    const owned = await ownSession(req);
    res.json((await deps.organiser.session(owned.eventId, owned.id))! satisfies ConsoleSession);
  });

  router.post('/my-sessions/:id', noStore, gate.requireCsrf, async (req, res) => {
    const owned = await ownSession(req);
    const current = (await deps.organiser.session(owned.eventId, owned.id))!;
    if (current.status !== 'draft') throw new AppError('CONFLICT', 'this session is published: ask its organisers to change it');
    const input = parseBody(partnerSessionInputSchema, req.body);
    // What the partner completes; the rest (topic, visibility, recording, people) stays as the organisers set it.
    const updated = await deps.organiser.updateSession(owned, {
      ...input,
      kind: current.kind,
      capacity: current.capacity,
      topicId: current.topic?.id ?? null,
      visibility: current.visibility,
      recordingPolicy: current.recordingPolicy,
      requiresAccount: current.requiresAccount,
    });
    if (updated.roomId) await deps.gatesChanged([updated.roomId]);
    res.json(updated satisfies ConsoleSession);
  });

  router.use(answerAppErrors);
  return router;
}
