import { expect, test } from '../fixtures.js';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import type { Role } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { CSP_REPORT_PATH } from '../../server/http/securityHeaders.js';
import { invitationToken, type InvitingServer } from '../invitations.js';

/**
 * Firefox in the end-to-end tier. Playwright drives only its own patched
 * Firefox builds, which cannot be downloaded here; Debian's Firefox ESR is
 * driven instead over WebDriver BiDi (the W3C protocol Firefox speaks) with
 * puppeteer-core. Assertions still use Playwright's `expect`.
 */
export const FIREFOX_PATH = process.env.E2E_FIREFOX ?? '/usr/bin/firefox-esr';

/**
 * A synthetic camera and microphone, no permission prompts, sound allowed
 * to play, and nothing that calls home (updates, telemetry, captive portal
 * checks) during a test.
 */
export const FIREFOX_PREFS: Record<string, unknown> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'toolkit.telemetry.enabled': false,
};

/** One person in Firefox: their own browser (own profile, own fake devices) and page. */
export interface FirefoxParticipant {
  name: string;
  browser: Browser;
  page: Page;
  /**
   * Closes the browser (without leaving: the server keeps the person for
   * the grace period); fails on any Content-Security-Policy violation seen
   * by any document the page showed.
   */
  close(): Promise<void>;
}

/** The page-side name of the function that hears `securitypolicyviolation` events. */
const CSP_BINDING = '__conveneCspViolation';

/**
 * Watches the Content-Security-Policy in Firefox as e2e/fixtures.ts does in
 * Chromium: each violation is pushed out of the page as it happens (the DOM
 * event, and the report the browser posts), so a document the page has
 * since left is checked too.
 */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction(CSP_BINDING, (detail: string) => {
    violations.push(detail);
  });
  await page.evaluateOnNewDocument((binding) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = Reflect.get(window, binding) as ((detail: string) => Promise<void>) | undefined;
      void report?.(`${location.href}: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  }, CSP_BINDING);
  page.on('request', (request) => {
    // The report's body is not offered over WebDriver BiDi; the server logs it, the DOM event says what was blocked.
    if (new URL(request.url()).pathname === CSP_REPORT_PATH) violations.push(`reported to the server from ${page.url()}`);
  });
  return violations;
}

/** Starts Firefox ESR headless and opens a page on `baseURL`'s origin. */
export async function openFirefoxParticipant(name: string, baseURL: string): Promise<FirefoxParticipant> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(45_000);
  await page.setViewport({ width: 1280, height: 800 });
  // The Content-Security-Policy holds in Firefox too.
  const cspViolations = await watchCsp(page);
  await page.goto(baseURL);
  const repeat = test.info().repeatEachIndex;
  return {
    name: repeat === 0 ? name : `${name} ${repeat + 1}`,
    browser,
    page,
    async close() {
      await browser.close();
      expect(cspViolations, 'Content-Security-Policy violations in Firefox').toEqual([]);
    },
  };
}

/** Clicks Leave (the room is freed at once for the next spec), then closes the browser. */
export async function leaveAndClose(person: FirefoxParticipant): Promise<void> {
  await clickButton(person.page, 'Leave').catch(() => undefined);
  await person.close();
}

/**
 * Enters through the room's address, as `joinByLink` does for Chromium
 * (e2e/participant.ts): with a role, through an invitation link for it.
 */
export async function joinFirefoxByLink(
  person: FirefoxParticipant,
  room: RoomSummary,
  options: { role?: Role; server?: InvitingServer } = {},
): Promise<void> {
  const { page } = person;
  const query = options.role ? `?invite=${await invitationToken(room.id, options.role, options.server)}` : '';
  await page.goto(new URL(`/r/${room.id}${query}`, page.url()).href);
  const nameField = await page.waitForFunction(() => {
    const label = [...document.querySelectorAll('label')].find((element) => element.textContent?.trim() === 'Your name');
    return label?.htmlFor ? document.getElementById(label.htmlFor) : null;
  });
  await (nameField.asElement() as ElementHandle<HTMLInputElement>).type(person.name);
  // The pre-join preview shows one's own camera before joining.
  await page.locator('[data-testid="self-tile"] video').wait();
  await clickButton(page, 'Join');
  await expectRoomStatus(page, 'joined');
}

/**
 * Clicks the enabled button named `name` (its aria-label, else its text), as
 * Playwright's `getByRole('button', { name, exact: true })` finds it: the
 * accessibility tree that puppeteer's ARIA selectors read is not offered
 * over WebDriver BiDi.
 */
export async function clickButton(page: Page, name: string): Promise<void> {
  await (await enabledButton(page, name)).click();
}

/**
 * Waits for the button named `name` to be enabled: neither `disabled` nor,
 * as a busy button keeps its focus, `aria-disabled`.
 */
export async function enabledButton(page: Page, name: string): Promise<ElementHandle<HTMLButtonElement>> {
  const button = await page.waitForFunction(
    (wanted) =>
      [...document.querySelectorAll('button')].find(
        (element) =>
          !element.disabled &&
          element.getAttribute('aria-disabled') !== 'true' &&
          (element.getAttribute('aria-label') ?? element.textContent?.trim()) === wanted,
      ) ?? null,
    {},
    name,
  );
  return button.asElement() as ElementHandle<HTMLButtonElement>;
}

/** The room's status indicator reaches `status` (data-status, as e2e/participant.ts reads it). */
export async function expectRoomStatus(page: Page, status: string): Promise<void> {
  await expect.poll(() => attributeOf(page, '[data-testid="room-status"]', 'data-status'), { message: `room status is ${status}` }).toBe(status);
}

/** An attribute of the first element matching `selector`, or null when there is none. */
export function attributeOf(page: Page, selector: string, attribute: string): Promise<string | null> {
  return page.evaluate((s, a) => document.querySelector(s)?.getAttribute(a) ?? null, selector, attribute);
}

/** The peer id on another person's stage tile on a Firefox page. */
export async function peerIdOnFirefox(page: Page, displayName: string): Promise<string> {
  const selector = `[data-testid="peer-tile"][data-display-name="${displayName}"]`;
  await expect.poll(() => attributeOf(page, selector, 'data-peer-id'), { message: `${displayName}'s tile` }).toBeTruthy();
  return (await attributeOf(page, selector, 'data-peer-id')) ?? '';
}
