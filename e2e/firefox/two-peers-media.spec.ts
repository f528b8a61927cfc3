import { expect, test } from '../fixtures.js';
import { expectDecodesVideoFrom, expectReceivesAudioFrom, joinByLink, openParticipant, peerIdOf, roomForSpec, tileOf } from '../participant.js';
import { joinFirefoxByLink, leaveAndClose, openFirefoxParticipant, peerIdOnFirefox } from './firefox.js';

test('a speaker in Firefox and one in Chromium see and hear each other', async ({ browser, baseURL }) => {
  const bruno = await openParticipant(browser, 'Bruno');
  const amina = await openFirefoxParticipant('Amina', baseURL!);
  try {
    const room = await roomForSpec(bruno.page, 0);

    await test.step('both join by a speaker invitation, one in each browser', async () => {
      await joinFirefoxByLink(amina, room, { role: 'speaker' });
      await joinByLink(bruno, room, { role: 'speaker' });
      await expect(tileOf(bruno.page, amina.name).locator('video')).toBeVisible();
    });

    const aminaId = await peerIdOf(tileOf(bruno.page, amina.name));
    const brunoId = await peerIdOnFirefox(amina.page, bruno.name);

    await test.step("Chromium decodes Firefox's camera and receives its microphone", async () => {
      await expectDecodesVideoFrom(bruno.page, aminaId);
      await expectReceivesAudioFrom(bruno.page, aminaId);
    });

    await test.step("Firefox decodes Chromium's camera and receives its microphone", async () => {
      await expectDecodesVideoFrom(amina.page, brunoId);
      await expectReceivesAudioFrom(amina.page, brunoId);
    });
  } finally {
    await leaveAndClose(amina);
    await bruno.page.getByRole('button', { name: 'Leave', exact: true }).click({ timeout: 15_000 }).catch(() => undefined);
    await bruno.context.close();
  }
});
