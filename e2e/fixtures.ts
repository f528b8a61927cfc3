import { test as base, type BrowserContext } from '@playwright/test';
import { CSP_REPORT_PATH } from '../server/http/securityHeaders.js';

/**
 * What every spec imports instead of `@playwright/test`: the same API, with
 * the Content-Security-Policy watched in every browser a test opens (its
 * `page`/`context`, and every `browser.newContext()` or `browser.newPage()`,
 * as the cast helpers in participant.ts do). A test fails when any page
 * breaks the policy, so a change the policy would block in production
 * cannot pass the suite.
 */
export * from '@playwright/test';

/** The page-side name of the binding that hears `securitypolicyviolation` events. */
const BINDING = '__conveneCspViolation';

/**
 * Three ways a violation shows: the DOM event (with what was blocked and
 * where), Chromium's console error ("Refused to … because it violates the
 * following Content Security Policy directive"), and the report the browser
 * posts to the server (report-uri).
 */
const watched = new WeakSet<BrowserContext>();

async function watchContext(context: BrowserContext, violations: string[]): Promise<void> {
  // The `context` fixture may come from browser.newContext(), which is watched already.
  if (watched.has(context)) return;
  watched.add(context);
  await context.exposeBinding(BINDING, ({ page }, detail: string) => {
    violations.push(`${page.url()}: ${detail}`);
  });
  await context.addInitScript((binding) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as Record<string, (detail: string) => Promise<void>>)[binding];
      const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
      void report?.(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}${where} ${event.sample}`.trim());
    });
  }, BINDING);
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  context.on('request', (request) => {
    if (new URL(request.url()).pathname === CSP_REPORT_PATH) violations.push(`reported: ${request.postData() ?? ''}`);
  });
}

export const test = base.extend<{ cspViolations: string[]; cspGuard: void }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
  cspViolations: async ({}, use) => {
    await use([]);
  },

  context: async ({ context, cspViolations }, use) => {
    await watchContext(context, cspViolations);
    await use(context);
  },

  cspGuard: [
    async ({ browser, cspViolations }, use) => {
      const newContext = browser.newContext.bind(browser);
      // browser.newPage() goes through newContext() too.
      browser.newContext = async (options) => {
        const context = await newContext(options);
        await watchContext(context, cspViolations);
        return context;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      base.expect(cspViolations, 'the Content-Security-Policy was violated').toEqual([]);
    },
    { auto: true },
  ],
});
