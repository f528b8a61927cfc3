import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServer } from '../../server/test/serverProcess.js';
import { expect, test, type Page } from '../fixtures.js';
import { freePort } from '../ownServer.js';
import { joinByLink, listRooms, openParticipant } from '../participant.js';
import { recordRoomStatuses, seenMediaLinks, seenRoomStatuses } from '../roomStatusLog.js';
import { e2eServerEnv } from '../testEnvironment.js';
import { attributeOf, clickButton, joinFirefoxByLink, openFirefoxParticipant } from './firefox.js';

/** A person's row in the moderator's people panel. */
const personRow = (page: Page, name: string) => page.locator(`[data-testid="person"][data-display-name="${name}"]`);

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
      await joinByLink(moderator, room, { role: 'moderator', dataDir });
      await joinFirefoxByLink(fiona, room);
      await recordRoomStatuses(fiona.page);
      await fiona.page.locator('[data-testid="media-problem"]').wait();
      const problem = await fiona.page.$eval('[data-testid="media-problem"]', (element) => element.textContent ?? '');
      expect(problem).toMatch(/cannot get through.*firewall or VPN.*another network/);
      await expect.poll(() => fiona.page.$eval('[data-testid="room-status"]', (element) => element.textContent ?? '')).toMatch(/No audio or video|Reconnecting audio and video/);
      expect(await fiona.page.$eval('[data-testid="room-status"]', (element) => element.textContent ?? '')).not.toMatch(/Connected/);
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

    await test.step('"Try again" tries at once', async () => {
      await expect.poll(() => attributeOf(fiona.page, '[data-testid="room-status"]', 'data-media'), { timeout: 60_000 }).toBe('failed');
      const retriesBefore = await retries();
      await clickButton(fiona.page, 'Try again');
      await expect.poll(retries).toBeGreaterThan(retriesBefore);
    });
  } finally {
    for (const close of closers) await close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
