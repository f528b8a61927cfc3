import type { Router } from 'express';
import { CONSOLE_PAGE_SIZE, directoryQuerySchema } from '../../shared/console.js';
import { announcementInputSchema, type AnnouncementPreview, type AnnouncementView, type MailingListOverview } from '../../shared/mailingList.js';
import { parseBody } from '../accounts/accountGate.js';
import type { ConsoleGuards } from './consoleGuards.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';
import { sendCsv } from './registrationConsoleRoutes.js';

/** An event's mailing list for its organisers: members, the export (audited), and announcements sent in batches. */
export function registerMailingListConsoleRoutes(router: Router, deps: ConsoleRouteDeps, guards: ConsoleGuards): void {
  const { gate, mailing } = deps;

  router.get('/events/:eventId/mailing-list', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { q, offset } = parseBody(directoryQuerySchema, req.query);
    res.json((await mailing.overview(eventId, q, offset, CONSOLE_PAGE_SIZE)) satisfies MailingListOverview);
  });

  router.get('/events/:eventId/mailing-list.csv', async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const table = await mailing.exportList(eventId);
    await deps.registrationConsole.audit(eventId, { actorId: account.id, actorName: account.displayName, action: 'export-mailing-list', detail: { count: table.rows.length } });
    sendCsv(res, 'mailing-list.csv', table);
  });

  router.get('/events/:eventId/announcements', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await mailing.announcements(eventId)) satisfies AnnouncementView[]);
  });

  router.post('/events/:eventId/announcements', gate.requireCsrf, async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const input = parseBody(announcementInputSchema, req.body);
    res.status(201).json((await mailing.createAnnouncement(eventId, { id: account.id, name: account.displayName }, input)) satisfies AnnouncementView);
  });

  router.post('/events/:eventId/announcements/:id', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await mailing.updateAnnouncement(eventId, String(req.params.id), parseBody(announcementInputSchema, req.body))) satisfies AnnouncementView);
  });

  router.post('/events/:eventId/announcements/:id/preview', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await mailing.preview(eventId, String(req.params.id))) satisfies AnnouncementPreview);
  });

  router.post('/events/:eventId/announcements/:id/send', gate.requireCsrf, async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const started = await mailing.startSending(eventId, String(req.params.id));
    await deps.registrationConsole.audit(eventId, {
      actorId: account.id,
      actorName: account.displayName,
      action: 'send-announcement',
      detail: { title: started.subject, count: started.recipients },
    });
    deps.announcements.send(started.id);
    res.json(started satisfies AnnouncementView);
  });
}
