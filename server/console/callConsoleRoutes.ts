import type { Router } from 'express';
import { applicationCommentSchema, applicationQuerySchema, callInputSchema, decisionInputSchema, type ConsoleApplication, type ConsoleCall } from '../../shared/calls.js';
import { CONSOLE_PAGE_SIZE, type ConsolePage } from '../../shared/console.js';
import { parseBody } from '../accounts/accountGate.js';
import { carryOut } from '../calls/decisions.js';
import type { ConsoleGuards } from './consoleGuards.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';
import { sendCsv } from './registrationConsoleRoutes.js';

/** Calls for participation and their applications, for the event's organisers (shared/calls.ts). */
export function registerCallConsoleRoutes(router: Router, deps: ConsoleRouteDeps, guards: ConsoleGuards): void {
  const { gate, calls } = deps;

  router.get('/events/:eventId/calls', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await calls.calls(eventId)) satisfies ConsoleCall[]);
  });

  router.post('/events/:eventId/calls', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.status(201).json((await calls.createCall(eventId, parseBody(callInputSchema, req.body))) satisfies ConsoleCall);
  });

  router.post('/events/:eventId/calls/:callId', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await calls.updateCall(eventId, String(req.params.callId), parseBody(callInputSchema, req.body))) satisfies ConsoleCall);
  });

  router.post('/events/:eventId/calls/:callId/delete', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    await calls.deleteCall(eventId, String(req.params.callId));
    res.json({ ok: true });
  });

  router.get('/events/:eventId/applications', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await calls.applications(eventId, parseBody(applicationQuerySchema, req.query), CONSOLE_PAGE_SIZE)) satisfies ConsolePage<ConsoleApplication>);
  });

  router.post('/events/:eventId/applications/:applicationId/comments', gate.requireCsrf, async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const { body } = parseBody(applicationCommentSchema, req.body);
    res.json((await calls.comment(eventId, String(req.params.applicationId), { id: account.id, name: account.displayName }, body)) satisfies ConsoleApplication);
  });

  router.post('/events/:eventId/applications/:applicationId/decision', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { decision, message } = parseBody(decisionInputSchema, req.body);
    const decided = await calls.decide(eventId, String(req.params.applicationId), decision, message);
    res.json((await carryOut(decided, deps.decisions)) satisfies ConsoleApplication);
  });

  router.get('/events/:eventId/applications.csv', async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const table = await calls.exportApplications(eventId);
    await deps.registrationConsole.audit(eventId, { actorId: account.id, actorName: account.displayName, action: 'export-applications', detail: { count: table.rows.length } });
    sendCsv(res, 'applications.csv', table);
  });
}
