import type { Router } from 'express';
import { firstRunRequestSchema, type FirstRunStatus } from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import type { EventSummary } from '../../shared/programme.js';
import { parseBody } from '../accounts/accountGate.js';
import { SESSION_IDLE_MS } from '../accounts/accountService.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';

/**
 * The first-run screen's side: whether the platform still waits for its
 * first organiser, and making them (with the code from the data directory).
 */
export function registerFirstRunRoutes(router: Router, deps: ConsoleRouteDeps): void {
  const { gate, organiser } = deps;

  /** Whether the platform still waits for its first organiser (the first-run screen). */
  router.get('/first-run', async (_req, res) => {
    res.json({ isNeeded: !(await organiser.hasOrganiser()) } satisfies FirstRunStatus);
  });

  /** The first organiser, signed in, with the code from the server's data directory: their event, and the demo's. */
  router.post('/first-run', gate.requireCsrf, async (req, res) => {
    const request = parseBody(firstRunRequestSchema, req.body);
    const signedIn = await gate.signedIn(req).catch(() => null);
    if (!signedIn && !request.account) throw new AppError('UNAUTHENTICATED', 'sign in, or create the first organiser’s account here');
    if (await organiser.hasOrganiser()) throw new AppError('CONFLICT', 'this platform has its organisers already');
    if (!(await deps.setupCode.matches(request.setupCode))) {
      throw new AppError('FORBIDDEN', 'this is not the setup code in the server’s data directory');
    }
    // Before an account is made: a taken link name is the form's to fix, and leaves nothing behind.
    if (await organiser.isSlugTaken(request.event.slug)) throw new AppError('CONFLICT', 'another event has this link name (slug)');
    let email = signedIn?.email;
    if (!email) {
      const made = await deps.accounts.createConfirmed(request.account!);
      gate.setSession(res, made.token, SESSION_IDLE_MS);
      email = made.account.email;
    }
    const created = await organiser.firstOrganiser(request.event, email);
    if (!created) throw new AppError('CONFLICT', 'this platform has its organisers already');
    await deps.setupCode.spend();
    res.status(201).json(created satisfies EventSummary);
  });
}
