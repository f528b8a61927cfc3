import { expect, test } from '@playwright/test';
import {
  expectDecodesVideoFrom,
  expectReceivesAudioFrom,
  joinByLink,
  listRooms,
  openParticipant,
  peerIdOf,
  recordRoomStatuses,
  seenRoomStatuses,
  tileOf,
} from './participant.js';
import { mediaWorkerPids } from './serverProcess.js';

test('when the media worker dies, participants rejoin on their own and media flows again', async ({ browser }) => {
  const amina = await openParticipant(browser, 'Amina');
  const bruno = await openParticipant(browser, 'Bruno');
  try {
    const [room] = await listRooms(amina.page);
    expect(room, 'the server lists at least one demo room').toBeDefined();
    if (!room) return;
    await joinByLink(amina, room);
    await joinByLink(bruno, room);
    await expectDecodesVideoFrom(bruno.page, await peerIdOf(tileOf(bruno.page, 'Amina')));

    await test.step('the only media worker is killed', async () => {
      await recordRoomStatuses(amina.page);
      await recordRoomStatuses(bruno.page);
      const pids = mediaWorkerPids(process.env.CONVENE_E2E_DATA_DIR ?? '');
      expect(pids, 'the server under test runs one media worker').toHaveLength(1);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    });

    await test.step('both show "reconnecting", then are back in the room', async () => {
      for (const { page } of [amina, bruno]) {
        await expect.poll(() => seenRoomStatuses(page)).toContain('rejoining');
        await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
      }
    });

    await test.step('each sees the other once, and decodes and hears them again', async () => {
      await expect(tileOf(bruno.page, 'Amina')).toHaveCount(1);
      await expect(tileOf(amina.page, 'Bruno')).toHaveCount(1);
      const aminaId = await peerIdOf(tileOf(bruno.page, 'Amina'));
      const brunoId = await peerIdOf(tileOf(amina.page, 'Bruno'));
      await expectDecodesVideoFrom(bruno.page, aminaId);
      await expectReceivesAudioFrom(bruno.page, aminaId);
      await expectDecodesVideoFrom(amina.page, brunoId);
    });
  } finally {
    await amina.context.close();
    await bruno.context.close();
  }
});
