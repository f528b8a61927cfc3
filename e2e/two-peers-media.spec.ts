import { expect, test } from '@playwright/test';
import {
  expectDecodesVideoFrom,
  expectReceivesAudioFrom,
  joinByLink,
  joinFromLanding,
  listRooms,
  openParticipant,
  peerIdOf,
  tileOf,
} from './participant.js';

test('two participants see and hear each other, and a departure removes the tile', async ({ browser }) => {
  const amina = await openParticipant(browser, 'Amina');
  const bruno = await openParticipant(browser, 'Bruno');
  try {
    const [room] = await listRooms(amina.page);
    expect(room, 'the server lists at least one demo room').toBeDefined();
    if (!room) return;

    await test.step('Amina joins from the landing page and is alone', async () => {
      await joinFromLanding(amina, room);
      await expect(amina.page.getByText('You are the only one here')).toBeVisible();
    });

    await test.step('Bruno joins by link; each gets a tile with video for the other', async () => {
      await joinByLink(bruno, room);
      await expect(tileOf(bruno.page, 'Amina').locator('video')).toBeVisible();
      await expect(tileOf(amina.page, 'Bruno').locator('video')).toBeVisible();
    });

    const aminaId = await peerIdOf(tileOf(bruno.page, 'Amina'));
    const brunoId = await peerIdOf(tileOf(amina.page, 'Bruno'));

    await test.step("Bruno decodes Amina's camera and receives her microphone", async () => {
      await expectDecodesVideoFrom(bruno.page, aminaId);
      await expectReceivesAudioFrom(bruno.page, aminaId);
    });

    await test.step("Amina decodes Bruno's camera and receives his microphone", async () => {
      await expectDecodesVideoFrom(amina.page, brunoId);
      await expectReceivesAudioFrom(amina.page, brunoId);
    });

    await test.step("Amina leaves: she is back on the landing page and her tile leaves Bruno's grid", async () => {
      await amina.page.getByRole('button', { name: 'Leave' }).click();
      await expect(amina.page.getByRole('heading', { name: 'Rooms' })).toBeVisible();
      await expect(tileOf(bruno.page, 'Amina')).toHaveCount(0);
      await expect(bruno.page.getByText('You are the only one here')).toBeVisible();
    });
  } finally {
    await amina.context.close();
    await bruno.context.close();
  }
});
