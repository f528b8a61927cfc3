import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import { recordRoomStatuses, seenRoomStatuses } from '../../e2e/roomStatusLog.js';
import { expectMediaFlowing, joinRoomPage, launchChromium } from '../test/browser.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/**
 * A media worker killed with SIGKILL while a room is live: the server stays
 * up, the pool starts a new worker, the room's people are told to rejoin and
 * do so by themselves, and media flows again through the new worker.
 * Needs the built client (npm run build:client) and Chromium.
 */
describe('media worker death', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let roomId: string;

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.dispose();
  });

  /** Joins through a speaker's invitation link, so the page sends camera and microphone. */
  async function joinAs(name: string): Promise<Page> {
    const invitation = await platform.invite(roomId, 'speaker');
    return joinRoomPage(browser, `${platform.url}/r/${roomId}?invite=${invitation}`, name);
  }

  it('recovers: new worker, clients rejoin, media flows again', async () => {
    const amina = await joinAs('Amina');
    const bo = await joinAs('Bo');
    await expectMediaFlowing(bo);
    await expectMediaFlowing(amina);

    for (const page of [amina, bo]) await recordRoomStatuses(page);
    const [oldPid] = platform.pool.pids();
    expect(oldPid).toBeDefined();
    process.kill(oldPid!, 'SIGKILL');

    // The process is still here, with a new worker.
    await expect.poll(() => platform.pool.pids()[0] !== oldPid && platform.pool.isReady(), { timeout: 30_000 }).toBe(true);
    expect((await fetch(`${platform.url}/healthz`)).status).toBe(200);

    // Both pages rejoined by themselves: the room lives again with both of them.
    await expect
      .poll(() => platform.app.registry.get(roomId as never)?.peerList().length ?? 0, { timeout: 30_000 })
      .toBe(2);
    await expectMediaFlowing(bo);
    await expectMediaFlowing(amina);
    expect((await fetch(`${platform.url}/readyz`)).status).toBe(200);
    // What each person saw: a reconnecting indicator, then back in the room.
    for (const page of [amina, bo]) {
      const seen = await seenRoomStatuses(page);
      expect(seen).toContain('rejoining');
      expect(seen.at(-1)).toBe('joined');
    }
  });
});
