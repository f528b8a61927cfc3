import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import {
  CONSOLE_PAGE_SIZE,
  directoryQuerySchema,
  MAX_IMAGE_BYTES,
  partnerInputSchema,
  personInputSchema,
  type ConsolePage,
} from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import type { PartnerSummary, PersonSummary } from '../../shared/programme.js';
import { parseBody } from '../accounts/accountGate.js';
import type { ImagePurpose } from '../images/imageStore.js';
import type { ConsoleGuards } from './consoleGuards.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';

/**
 * An image is the request's body as it came (whatever type it claims: the
 * image store reads the content), up to its size limit. Read only after
 * the guards passed, so nobody without the role makes the server take in
 * five megabytes.
 */
const rawImage = express.raw({ type: () => true, limit: MAX_IMAGE_BYTES });
function readImage(req: Request, res: Response): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    rawImage(req, res, ((error?: { type?: string }) => {
      if (error?.type === 'entity.too.large') reject(new AppError('TOO_LARGE', `an image may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`));
      else if (error) reject(new AppError('INVALID_PAYLOAD', 'the image did not arrive whole'));
      else if (!Buffer.isBuffer(req.body) || req.body.length === 0) reject(new AppError('INVALID_PAYLOAD', 'no image was sent'));
      else resolve(req.body);
    }) as NextFunction);
  });
}

/** An event's people (speaker profiles, with photos) and partner organisations (with logos). */
export function registerDirectoryRoutes(router: Router, deps: ConsoleRouteDeps, guards: ConsoleGuards): void {
  const { gate, directory, images } = deps;

  /**
   * Removes a file no row names any more (replaced, or its person or partner
   * deleted). The change is made by then: a failure leaves a file nobody
   * sees, logged, and never turns the answer into an error.
   */
  const discard = (req: Request, file: string | null) =>
    images.remove(file).catch((error: unknown) => req.log?.warn({ err: error }, 'image no longer named was not removed'));

  /** Re-encodes the upload, points the row at it, and removes the file it replaced; a refusal keeps nothing. */
  async function replaceImage<T>(
    req: Request,
    res: Response,
    purpose: ImagePurpose,
    set: (file: string) => Promise<{ replaced: string | null; value: T }>,
  ): Promise<T> {
    const file = await images.accept(await readImage(req, res), purpose);
    let changed: { replaced: string | null; value: T };
    try {
      changed = await set(file);
    } catch (error) {
      // The row went meanwhile (or the database did not answer): the new file has no one to show it.
      await images.remove(file);
      throw error;
    }
    // The row names the new file now: the old one goes, and a failure there never costs the new one.
    await discard(req, changed.replaced);
    return changed.value;
  }

  router.get('/events/:eventId/people', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { q, offset } = parseBody(directoryQuerySchema, req.query);
    res.json((await directory.people(eventId, q, offset, CONSOLE_PAGE_SIZE)) satisfies ConsolePage<PersonSummary>);
  });

  router.post('/events/:eventId/people', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.status(201).json((await directory.createPerson(eventId, parseBody(personInputSchema, req.body))) satisfies PersonSummary);
  });

  router.post('/events/:eventId/people/:personId', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const person = await directory.updatePerson(eventId, String(req.params.personId), parseBody(personInputSchema, req.body));
    res.json(person satisfies PersonSummary);
  });

  router.post('/events/:eventId/people/:personId/delete', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    await discard(req, await directory.deletePerson(eventId, String(req.params.personId)));
    res.json({ ok: true });
  });

  router.post('/events/:eventId/people/:personId/photo', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const person = await replaceImage(req, res, 'photo', async (file) => {
      const { person: value, replaced } = await directory.setPhoto(eventId, String(req.params.personId), file);
      return { value, replaced };
    });
    res.json(person satisfies PersonSummary);
  });

  router.post('/events/:eventId/people/:personId/photo/delete', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { person, replaced } = await directory.setPhoto(eventId, String(req.params.personId), null);
    await discard(req, replaced);
    res.json(person satisfies PersonSummary);
  });

  router.get('/events/:eventId/partners', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { q, offset } = parseBody(directoryQuerySchema, req.query);
    res.json((await directory.partners(eventId, q, offset, CONSOLE_PAGE_SIZE)) satisfies ConsolePage<PartnerSummary>);
  });

  router.post('/events/:eventId/partners', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.status(201).json((await directory.createPartner(eventId, parseBody(partnerInputSchema, req.body))) satisfies PartnerSummary);
  });

  router.post('/events/:eventId/partners/:partnerId', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const partner = await directory.updatePartner(eventId, String(req.params.partnerId), parseBody(partnerInputSchema, req.body));
    res.json(partner satisfies PartnerSummary);
  });

  router.post('/events/:eventId/partners/:partnerId/delete', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    await discard(req, await directory.deletePartner(eventId, String(req.params.partnerId)));
    res.json({ ok: true });
  });

  router.post('/events/:eventId/partners/:partnerId/logo', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const partner = await replaceImage(req, res, 'logo', async (file) => {
      const { partner: value, replaced } = await directory.setLogo(eventId, String(req.params.partnerId), file);
      return { value, replaced };
    });
    res.json(partner satisfies PartnerSummary);
  });

  router.post('/events/:eventId/partners/:partnerId/logo/delete', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { partner, replaced } = await directory.setLogo(eventId, String(req.params.partnerId), null);
    await discard(req, replaced);
    res.json(partner satisfies PartnerSummary);
  });
}
