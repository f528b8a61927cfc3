import { stringify } from 'csv-stringify/sync';
import type { Response, Router } from 'express';
import { CONSOLE_PAGE_SIZE, pageQuerySchema } from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import { registrationQuerySchema, sessionRegistrationQuerySchema, type RegistrationOverview } from '../../shared/registration.js';
import { parseBody } from '../accounts/accountGate.js';
import type { ConsoleGuards } from './consoleGuards.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';
import type { ExportTable } from './registrationConsoleRepository.js';

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab
 * or a carriage return first) is sent with a leading apostrophe: a name a
 * registrant typed never runs as one on an organiser's machine.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A table as a CSV download, every cell spreadsheet-safe. */
export function sendCsv(res: Response, fileName: string, table: ExportTable): void {
  const csv = stringify([table.header, ...table.rows], { cast: { string: spreadsheetSafe, boolean: (value) => (value ? 'yes' : 'no') } });
  // A byte-order mark: spreadsheets then read the names in every script as UTF-8.
  res.type('text/csv; charset=utf-8').attachment(fileName).send(`\uFEFF${csv}`);
}

/**
 * Registrations for the event's organisers: lists with filters, counts at a
 * glance, each session's places and line, and CSV exports, each export
 * written in the event's audit log (who, what, when).
 */
export function registerRegistrationConsoleRoutes(router: Router, deps: ConsoleRouteDeps, guards: ConsoleGuards): void {
  const { registrationConsole: repository } = deps;

  router.get('/events/:eventId/registrations', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json(await repository.registrations(eventId, parseBody(registrationQuerySchema, req.query), CONSOLE_PAGE_SIZE));
  });

  router.get('/events/:eventId/registrations/overview', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await repository.overview(eventId)) satisfies RegistrationOverview);
  });

  router.get('/events/:eventId/sessions/:sessionId/registrations', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { offset, state } = parseBody(sessionRegistrationQuerySchema, req.query);
    const page = await repository.sessionRegistrations(eventId, String(req.params.sessionId), state, offset, CONSOLE_PAGE_SIZE);
    if (!page) throw new AppError('NOT_FOUND', 'no such session in this event');
    res.json(page);
  });

  router.get('/events/:eventId/registrations.csv', async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const table = await repository.exportRegistrations(eventId);
    await repository.audit(eventId, { actorId: account.id, actorName: account.displayName, action: 'export-registrations', detail: { count: table.rows.length } });
    sendCsv(res, 'registrations.csv', table);
  });

  router.get('/events/:eventId/sessions/:sessionId/registrations.csv', async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const found = await repository.exportSession(eventId, String(req.params.sessionId));
    if (!found) throw new AppError('NOT_FOUND', 'no such session in this event');
    await repository.audit(eventId, {
      actorId: account.id,
      actorName: account.displayName,
      action: 'export-session-registrations',
      detail: { title: found.title, count: found.table.rows.length },
    });
    sendCsv(res, 'session-registrations.csv', found.table);
  });

  router.get('/events/:eventId/audit', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { offset } = parseBody(pageQuerySchema, req.query);
    res.json(await repository.auditLog(eventId, offset, CONSOLE_PAGE_SIZE));
  });
}
