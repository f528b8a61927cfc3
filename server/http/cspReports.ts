import express, { type Router } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { addressKey } from '../realtime/clientAddress.js';
import { takeOne } from '../realtime/rateLimits.js';
import { limitByAddress } from './addressLimit.js';

/** Reports per network address per minute; a page that keeps violating the policy is heard, not a flood. */
export const CSP_REPORTS_PER_MINUTE = 20;
/** A report is a few hundred bytes; the policy it quotes is the largest part. */
const MAX_REPORT_BYTES = '8kb';

const text = z.string().max(2048);
const position = z.number().int().nonnegative();

/** The body browsers send to a `report-uri` (CSP level 2): everything optional, unknown fields ignored. */
const cspReportSchema = z.object({
  'csp-report': z.looseObject({
    'document-uri': text.optional(),
    'blocked-uri': text.optional(),
    'violated-directive': text.optional(),
    'effective-directive': text.optional(),
    'source-file': text.optional(),
    'line-number': position.optional(),
    'column-number': position.optional(),
    'script-sample': text.optional(),
    disposition: z.enum(['enforce', 'report']).optional(),
  }),
});

export interface CspReportDeps {
  logger: Logger;
  /** Proxies in front whose X-Forwarded-For is believed (TRUST_PROXY). */
  trustedProxies: number;
}

/**
 * `POST /api/csp-reports`: a browser telling us the Content-Security-Policy
 * blocked something. Each report is logged at warn (its URLs go through the
 * logger's redaction, so a page's `?invite=` stays out of the log): a
 * violation is either an attack stopped or a page the policy breaks.
 */
export function createCspReportRouter(deps: CspReportDeps): Router {
  const router = express.Router();
  const budget = new RateLimiterMemory({ keyPrefix: 'csp-reports', points: CSP_REPORTS_PER_MINUTE, duration: 60 });

  router.post(
    '/',
    limitByAddress((address) => takeOne(budget, addressKey(address)), deps.trustedProxies, 'violation reports'),
    express.json({ type: ['application/csp-report', 'application/json'], limit: MAX_REPORT_BYTES }),
    (req, res) => {
      const parsed = cspReportSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ error: { code: 'INVALID_PAYLOAD', message: 'expected a CSP violation report' } });
        return;
      }
      const report = parsed.data['csp-report'];
      deps.logger.warn(
        {
          cspViolation: {
            documentUri: report['document-uri'],
            blockedUri: report['blocked-uri'],
            directive: report['effective-directive'] ?? report['violated-directive'],
            sourceFile: report['source-file'],
            line: report['line-number'],
            column: report['column-number'],
            sample: report['script-sample'],
            disposition: report.disposition,
          },
        },
        'content security policy violated',
      );
      res.status(204).end();
    },
  );
  return router;
}
