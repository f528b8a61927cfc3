import { z } from 'zod';

/**
 * Zod compiles object schemas with `new Function` unless told not to, and
 * probes for it when a schema is built: our Content-Security-Policy forbids
 * eval, so the probe alone is a violation. Imported first in main.tsx,
 * before any shared schema is built.
 */
z.config({ jitless: true });
