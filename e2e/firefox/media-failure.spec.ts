import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { spawnServer } from '../../server/test/serverProcess.js';
import { expect, test, type Page } from '../fixtures.js';
import { freePort } from '../ownServer.js';
import { joinByLink, listRooms, openParticipant } from '../participant.js';
import { recordRoomStatuses, seenMediaLinks, seenRoomStatuses } from '../roomStatusLog.js';
import { e2eServerEnv } from '../testEnvironment.js';
import { clickButton, enabledButton, joinFirefoxByLink, openFirefoxParticipant } from './firefox.js';

/** A person's row in the moderator's people panel. */
const personRow = (page: Page, name: string) => page.locator(`[data-testid="person"][data-display-name="${name}"]`);

const MEDIA_PROBLEM = '[data-testid="media-problem"]';

/**
 * Records what a screen reader is told from now on: each text of the room's
 * status (a polite live region) and each time the media problem's alert is
 * put on the page.
 */
async function recordAnnouncements(page: FirefoxPage): Promise<void> {
  await page.evaluate((banner) => {
    const seen = { statusTexts: [] as string[], alertsShown: document.querySelector(banner) ? 1 : 0 };
    Reflect.set(window, '__announcements', seen);
    const noteStatus = () => {
      const text = document.querySelector('[data-testid="room-status"]')?.textContent ?? '';
      if (seen.statusTexts.at(-1) !== text) seen.statusTexts.push(text);
    };
    noteStatus();
    new MutationObserver((records) => {
      noteStatus();
      for (const node of records.flatMap((record) => [...record.addedNodes])) {
        if (node instanceof Element && (node.matches(banner) || node.querySelector(banner))) seen.alertsShown += 1;
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, MEDIA_PROBLEM);
}

function announcements(page: FirefoxPage): Promise<{ statusTexts: string[]; alertsShown: number }> {
  return page.evaluate(() => Reflect.get(window, '__announcements') as { statusTexts: string[]; alertsShown: number });
}

/** The page's own count of media reconnection attempts, by what started them (client/src/diagnostics). */
function recoveryAttempts(page: FirefoxPage): Promise<{ backoff: number; person: number }> {
  return page.evaluate(() => window.__convene?.getMediaRecoveryAttempts() ?? { backoff: 0, person: 0 });
}

/**
 * From now on, notes whether the "Try again" button loses the keyboard
 * focus, and whether it has shown an attempt under way.
 */
async function watchTryAgainButton(page: FirefoxPage): Promise<void> {
  await page.evaluate((banner) => {
    const watch = { hasLostFocus: false, hasShownAttempt: false };
    Reflect.set(window, '__tryAgain', watch);
    const button = () => document.querySelector(`${banner} button`);
    document.addEventListener('focusout', (event) => {
      if (event.target === button()) watch.hasLostFocus = true;
    });
    new MutationObserver(() => {
      if (button()?.textContent === 'Trying again…') watch.hasShownAttempt = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, MEDIA_PROBLEM);
}

function tryAgainButton(page: FirefoxPage): Promise<{ hasLostFocus: boolean; hasShownAttempt: boolean; isFocused: boolean }> {
  return page.evaluate((banner) => {
    const watch = Reflect.get(window, '__tryAgain') as { hasLostFocus: boolean; hasShownAttempt: boolean };
    const button = document.querySelector(`${banner} button`);
    return { ...watch, isFocused: button !== null && document.activeElement === button };
  }, MEDIA_PROBLEM);
}

/**
 * Media that cannot connect, as Firefox meets it on a server announcing a
 * loopback address (the old default): Firefox leaves out loopback ICE
 * candidates, so its transports never connect while the signalling does.
 */
test('in Firefox, media that cannot connect is shown as a problem with what to do, retried, and the stage seat stays', async ({ browser }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-loopback-'));
  /** What to close at the end, last opened first. */
  const closers: (() => Promise<void>)[] = [];
  try {
    const server = await spawnServer({ ...e2eServerEnv(await freePort(), dataDir), RTC_LISTEN_IP: '127.0.0.1' });
    closers.unshift(() => server.stop());
    const moderator = await openParticipant(browser, 'Mo', server.url);
    closers.unshift(() => moderator.context.close());
    const fiona = await openFirefoxParticipant('Fiona', server.url);
    closers.unshift(() => fiona.close());
    const [room] = await listRooms(moderator.page);
    if (!room) throw new Error('the server lists no demo room');

    await test.step('a moderator in Chromium is on stage; Firefox joins and cannot receive: told so, never "Connected"', async () => {
      await joinByLink(moderator, room, { role: 'moderator', server: { baseURL: server.url, dataDir } });
      await joinFirefoxByLink(fiona, room);
      await recordRoomStatuses(fiona.page);
      await recordAnnouncements(fiona.page);
      await fiona.page.locator(MEDIA_PROBLEM).wait();
      const problem = await fiona.page.$eval(MEDIA_PROBLEM, (element) => element.textContent ?? '');
      expect(problem).toMatch(/cannot get through.*firewall or VPN.*another network/);
      await expect.poll(() => fiona.page.$eval('[data-testid="room-status"]', (element) => element.textContent ?? '')).toBe('No audio or video');
      // What the person sees, on a desktop and on a phone.
      for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 375, height: 812 }]] as const) {
        await fiona.page.setViewport(viewport);
        const file = test.info().outputPath(`media-problem-${label}.png`);
        await fiona.page.screenshot({ path: file });
        await test.info().attach(`media problem (${label})`, { path: file, contentType: 'image/png' });
      }
      await fiona.page.setViewport({ width: 1280, height: 800 });
    });

    await test.step('the participant raises a hand and accepts an invitation onto the stage', async () => {
      await moderator.page.getByRole('button', { name: /^people/i }).click();
      await clickButton(fiona.page, 'Raise hand');
      await moderator.page.getByRole('button', { name: `Invite to stage (${fiona.name})` }).click();
      await clickButton(fiona.page, 'Accept');
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-seat', 'stage');
    });
    const fionaId = await personRow(moderator.page, fiona.name).getAttribute('data-peer-id');
    const retries = async () => (await seenMediaLinks(fiona.page)).filter((state) => state === 'retrying').length;
    const retriesBeforeStage = await retries();

    await test.step('media is retried, again and again, in the room: the seat just accepted stays', async () => {
      await expect
        .poll(retries, { message: 'Firefox tries to reconnect its media at least twice more while on stage', timeout: 90_000 })
        .toBeGreaterThanOrEqual(retriesBeforeStage + 2);
      expect(await seenRoomStatuses(fiona.page)).not.toContain('rejoining');
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-seat', 'stage');
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-peer-id', fionaId ?? '');
    });

    await test.step('a screen reader is told once, not at every attempt', async () => {
      const { statusTexts, alertsShown } = await announcements(fiona.page);
      expect(statusTexts.slice(statusTexts.indexOf('No audio or video'))).toEqual(['No audio or video']);
      expect(alertsShown).toBe(1);
    });

    await test.step('"Try again", pressed from the keyboard, tries at once and keeps the focus', async () => {
      const byPerson = async () => (await recoveryAttempts(fiona.page)).person;
      expect(await byPerson()).toBe(0);
      // The button may start a scheduled attempt between showing "Try again"
      // and the key press, which is then ignored (as it should be): press again.
      await expect(async () => {
        await watchTryAgainButton(fiona.page);
        await (await enabledButton(fiona.page, 'Try again')).focus();
        await fiona.page.keyboard.press('Enter');
        await expect.poll(byPerson, { timeout: 5_000 }).toBeGreaterThan(0);
      }).toPass({ timeout: 120_000 });
      await expect.poll(async () => (await tryAgainButton(fiona.page)).hasShownAttempt).toBe(true);
      expect(await tryAgainButton(fiona.page)).toEqual({ hasLostFocus: false, hasShownAttempt: true, isFocused: true });
    });
  } finally {
    for (const close of closers) await close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
