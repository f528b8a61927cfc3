import { expect, test } from './fixtures.js';
import {
  expectDecodesVideoFrom,
  expectReceivesAudioFrom,
  inboundFrom,
  joinByLink,
  joinFromLanding,
  roomForSpec,
  openParticipant,
  peerIdOf,
  tileOf,
} from './participant.js';

test('two speakers see and hear each other, the audience watches, and a departure removes the tile', async ({ browser }) => {
  const amina = await openParticipant(browser, 'Amina');
  const bruno = await openParticipant(browser, 'Bruno');
  const chen = await openParticipant(browser, 'Chen');
  try {
    const room = await roomForSpec(amina.page, 0);

    await test.step('Amina joins by a speaker invitation and is on stage with her own camera', async () => {
      await joinByLink(amina, room, { role: 'speaker' });
      await expect(amina.page.getByTestId('self-tile').locator('video')).toBeVisible();
      await expect(amina.page.getByRole('button', { name: 'Share screen' })).toBeVisible();
    });

    await test.step('Bruno joins by a speaker invitation; each gets a tile with video for the other', async () => {
      await joinByLink(bruno, room, { role: 'speaker' });
      await expect(tileOf(bruno.page, amina.name).locator('video')).toBeVisible();
      await expect(tileOf(amina.page, bruno.name).locator('video')).toBeVisible();
    });

    const aminaId = await peerIdOf(tileOf(bruno.page, amina.name));
    const brunoId = await peerIdOf(tileOf(amina.page, bruno.name));

    await test.step("Bruno decodes Amina's camera and receives her microphone", async () => {
      await expectDecodesVideoFrom(bruno.page, aminaId);
      await expectReceivesAudioFrom(bruno.page, aminaId);
    });

    await test.step("Amina decodes Bruno's camera and receives his microphone", async () => {
      await expectDecodesVideoFrom(amina.page, brunoId);
      await expectReceivesAudioFrom(amina.page, brunoId);
    });

    await test.step('a large tile gets the camera at full size (640×360), not a lower simulcast layer', async () => {
      // Chromium sends every layer asked of a 640×360 camera (see MediaClient's encodings).
      for (const [page, peerId] of [[bruno.page, aminaId], [amina.page, brunoId]] as const) {
        await expect
          .poll(async () => (await inboundFrom(page, peerId, 'video'))?.frameWidth ?? 0, { message: `${peerId}'s top layer arrives` })
          .toBe(640);
      }
      await expect(tileOf(bruno.page, amina.name).getByText('low quality')).toHaveCount(0);
    });

    await test.step('Chen comes in from the landing page, sits in the audience and watches both', async () => {
      await joinFromLanding(chen, room);
      await expect(tileOf(amina.page, chen.name)).toHaveCount(0);
      await expectDecodesVideoFrom(chen.page, aminaId);
      await expectReceivesAudioFrom(chen.page, brunoId);
    });

    await test.step("Amina leaves: she is back on the landing page and her tile leaves the others' stage", async () => {
      await amina.page.getByRole('button', { name: 'Leave', exact: true }).click();
      await expect(amina.page.getByRole('heading', { name: 'Rooms' })).toBeVisible();
      await expect(tileOf(bruno.page, amina.name)).toHaveCount(0);
      await expect(tileOf(chen.page, amina.name)).toHaveCount(0);
    });
  } finally {
    for (const person of [amina, bruno, chen]) await person.context.close();
  }
});
