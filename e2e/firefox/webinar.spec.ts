import { expect, test, type Page } from '../fixtures.js';
import { createCast, expectDecodesVideoFrom, expectReceivesAudioFrom, joinByLink, roomForSpec, tileOf } from '../participant.js';
import { recordRoomStatuses, seenRoomStatuses } from '../roomStatusLog.js';
import { clickButton, joinFirefoxByLink, leaveAndClose, openFirefoxParticipant, peerIdOnFirefox } from './firefox.js';

/** A person's row in the moderator's people panel. */
const personRow = (page: Page, name: string) => page.locator(`[data-testid="person"][data-display-name="${name}"]`);

test('a webinar with a participant in Firefox: watches, raises a hand, comes on stage and is seen and heard', async ({ browser, baseURL }) => {
  const { open, close } = createCast(browser);
  const fiona = await openFirefoxParticipant('Fiona', baseURL!);
  try {
    const moderator = await open('Mo');
    const room = await roomForSpec(moderator.page, 1);

    await test.step('a moderator (Chromium) takes the stage; a participant in Firefox joins the audience', async () => {
      await joinByLink(moderator, room, { role: 'moderator' });
      await joinFirefoxByLink(fiona, room);
      await recordRoomStatuses(fiona.page);
      await moderator.page.getByRole('button', { name: /^people/i }).click();
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-seat', 'audience');
    });

    const moId = await peerIdOnFirefox(fiona.page, moderator.name);
    const fionaId = (await personRow(moderator.page, fiona.name).getAttribute('data-peer-id')) ?? '';

    await test.step("Firefox decodes the moderator's camera and receives their microphone", async () => {
      await expectDecodesVideoFrom(fiona.page, moId);
      await expectReceivesAudioFrom(fiona.page, moId);
    });

    await test.step('the participant raises a hand, is invited and accepts: on stage, and stays there', async () => {
      await clickButton(fiona.page, 'Raise hand');
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-hand', 'up');
      await moderator.page.getByRole('button', { name: `Invite to stage (${fiona.name})` }).click();
      await clickButton(fiona.page, 'Accept');
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-seat', 'stage');
    });

    await test.step("Chromium decodes Firefox's camera and receives its microphone", async () => {
      await expect(tileOf(moderator.page, fiona.name).locator('video')).toBeVisible();
      await expectDecodesVideoFrom(moderator.page, fionaId);
      await expectReceivesAudioFrom(moderator.page, fionaId);
      // Same person, same seat all along: the media connection never made the page leave and join again.
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-peer-id', fionaId);
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-seat', 'stage');
      expect(await seenRoomStatuses(fiona.page)).not.toContain('rejoining');
    });

    await test.step('the moderator sends the participant back to the audience', async () => {
      await moderator.page.getByRole('button', { name: `Send to audience (${fiona.name})` }).click();
      await expect(personRow(moderator.page, fiona.name)).toHaveAttribute('data-seat', 'audience');
      await expect(tileOf(moderator.page, fiona.name)).toHaveCount(0);
    });
  } finally {
    await leaveAndClose(fiona);
    await close({ leave: true });
  }
});
