import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.js';
import { createOwnServer, freePort } from './ownServer.js';
import {
  expectDecodesVideoFrom,
  joinByLink,
  listRooms,
  openParticipant,
  peerIdOf,
  tileOf,
} from './participant.js';
import { recordRoomStatuses, seenRoomStatuses } from './roomStatusLog.js';

test('after a server restart, speakers are told, reconnect and rejoin on their own', async ({ browser }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-restart-'));
  const server = createOwnServer(await freePort(), dataDir);
  try {
    await server.start();
    const amina = await openParticipant(browser, 'Amina', server.baseURL);
    const bruno = await openParticipant(browser, 'Bruno', server.baseURL);
    const [room] = await listRooms(amina.page);
    expect(room, 'the server lists at least one demo room').toBeDefined();
    if (!room) return;
    await joinByLink(amina, room, { role: 'speaker', server: { baseURL: server.baseURL, dataDir } });
    await joinByLink(bruno, room, { role: 'speaker', server: { baseURL: server.baseURL, dataDir } });
    await expect(tileOf(bruno.page, amina.name).locator('video')).toBeVisible();
    await recordRoomStatuses(amina.page);
    await recordRoomStatuses(bruno.page);

    await test.step('the server stops: both are told and show "reconnecting"', async () => {
      await server.stop();
      for (const { page } of [amina, bruno]) {
        await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'rejoining');
        await expect(page.getByRole('alert').filter({ hasText: 'restarting' })).toBeVisible();
      }
    });

    await test.step('the server is back: both rejoin and receive each other again', async () => {
      await server.start();
      for (const { page } of [amina, bruno]) {
        await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined', { timeout: 60_000 });
        expect(await seenRoomStatuses(page)).toContain('rejoining');
      }
      await expect(tileOf(bruno.page, amina.name)).toHaveCount(1);
      await expect(tileOf(amina.page, bruno.name)).toHaveCount(1);
      await expectDecodesVideoFrom(bruno.page, await peerIdOf(tileOf(bruno.page, amina.name)));
      await expectDecodesVideoFrom(amina.page, await peerIdOf(tileOf(amina.page, bruno.name)));
      // Back in the room, the restart notice is gone.
      await expect(amina.page.getByRole('alert').filter({ hasText: 'restarting' })).toHaveCount(0);
    });

    await amina.context.close();
    await bruno.context.close();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
