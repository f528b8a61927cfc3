import { expect, test, type Page } from './fixtures.js';
import {
  createCast,
  expectDecodesVideoFrom,
  expectReceivesAudioFrom,
  inboundFrom,
  joinByLink,
  roomForSpec,
} from './participant.js';

/** A stage tile on a page, by the name of the person in it. */
const stageTile = (page: Page, name: string) =>
  page.locator(`[data-testid="peer-tile"][data-display-name="${name}"]`);

/** A person's row in the people panel. */
const personRow = (page: Page, name: string) =>
  page.locator(`[data-testid="person"][data-display-name="${name}"]`);

async function peerIdIn(page: Page, name: string): Promise<string> {
  const row = personRow(page, name);
  await expect(row).toHaveCount(1);
  return (await row.getAttribute('data-peer-id')) ?? '';
}

/**
 * Resolves once `page` has stopped receiving `peerId`'s audio: the packet
 * count no longer moves between polls a second apart (the mediasoup
 * consumer of a paused producer forwards nothing).
 */
async function expectNoAudioFrom(page: Page, peerId: string): Promise<void> {
  let previous = -1;
  let steady = 0;
  await expect
    .poll(
      async () => {
        const packets = (await inboundFrom(page, peerId, 'audio'))?.packetsReceived ?? 0;
        steady = packets === previous ? steady + 1 : 0;
        previous = packets;
        return steady;
      },
      { message: `audio packets of ${peerId} stop arriving`, intervals: [1_000], timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(3);
}

test('a webinar: stage, audience, hands, bringing on stage and back, screen share, moderator mute', async ({ browser }) => {
  test.setTimeout(180_000);
  const { open, close } = createCast(browser);
  try {
    const moderator = await open('Mo');
    const speaker = await open('Sara');
    const viewer = await open('Pat');
    const room = await roomForSpec(moderator.page, 1);

    await test.step('a moderator and a speaker take the stage; a participant joins the audience', async () => {
      await joinByLink(moderator, room, { role: 'moderator' });
      await joinByLink(speaker, room, { role: 'speaker' });
      await joinByLink(viewer, room);
      await expect(stageTile(viewer.page, moderator.name)).toBeVisible();
      await expect(stageTile(viewer.page, speaker.name)).toBeVisible();
      // The audience is not on the stage.
      await expect(stageTile(moderator.page, viewer.name)).toHaveCount(0);
    });

    await moderator.page.getByRole('button', { name: /^people/i }).click();
    const moId = await peerIdIn(moderator.page, moderator.name);
    const saraId = await peerIdIn(moderator.page, speaker.name);
    const patId = await peerIdIn(moderator.page, viewer.name);

    await test.step('the participant decodes both people on stage', async () => {
      await expectDecodesVideoFrom(viewer.page, moId);
      await expectDecodesVideoFrom(viewer.page, saraId);
      await expectReceivesAudioFrom(viewer.page, moId);
      await expectReceivesAudioFrom(viewer.page, saraId);
    });

    await test.step('the participant raises a hand; the moderator invites; the participant accepts', async () => {
      await viewer.page.getByRole('button', { name: 'Raise hand' }).click();
      await expect(personRow(moderator.page, viewer.name)).toHaveAttribute('data-hand', 'up');
      await moderator.page.getByRole('button', { name: `Invite to stage (${viewer.name})` }).click();
      const dialog = viewer.page.getByRole('dialog');
      await expect(dialog).toContainText(moderator.name);
      await dialog.getByRole('button', { name: 'Accept' }).click();
      await expect(personRow(moderator.page, viewer.name)).toHaveAttribute('data-seat', 'stage');
    });

    await test.step('every other page decodes the participant on stage', async () => {
      await expect(stageTile(moderator.page, viewer.name)).toBeVisible();
      await expect(stageTile(speaker.page, viewer.name)).toBeVisible();
      await expectDecodesVideoFrom(moderator.page, patId);
      await expectDecodesVideoFrom(speaker.page, patId);
    });

    await test.step('the moderator sends them back: their video disappears everywhere', async () => {
      await moderator.page.getByRole('button', { name: `Send to audience (${viewer.name})` }).click();
      await expect(personRow(moderator.page, viewer.name)).toHaveAttribute('data-seat', 'audience');
      for (const page of [moderator.page, speaker.page, viewer.page]) {
        await expect(stageTile(page, viewer.name)).toHaveCount(0);
      }
      await expect(viewer.page.getByRole('button', { name: 'Share screen' })).toHaveCount(0);
    });

    await test.step("the speaker shares a screen; the viewers decode it", async () => {
      await speaker.page.getByRole('button', { name: 'Share screen' }).click();
      for (const page of [moderator.page, viewer.page]) {
        await expect(page.locator(`[data-testid="screen-tile"][data-peer-id="${saraId}"]`)).toBeVisible();
        await expect
          .poll(async () => (await inboundFrom(page, saraId, 'video', 'screen'))?.framesDecoded ?? 0, {
            message: "frames of Sara's screen are decoded",
          })
          .toBeGreaterThan(0);
      }
      await speaker.page.getByRole('button', { name: 'Stop sharing' }).click();
      await expect(viewer.page.getByTestId('screen-tile')).toHaveCount(0);
    });

    await test.step("the moderator mutes the speaker: viewers stop receiving the speaker's audio", async () => {
      await expectReceivesAudioFrom(viewer.page, saraId);
      await moderator.page.getByRole('button', { name: `Mute (${speaker.name})` }).click();
      await expect(stageTile(viewer.page, speaker.name)).toHaveAttribute('data-mic', 'muted');
      await expect(speaker.page.getByRole('status').or(speaker.page.getByRole('alert')).filter({ hasText: /muted/i }).first()).toBeVisible();
      await expectNoAudioFrom(viewer.page, saraId);
      await expectNoAudioFrom(moderator.page, saraId);
    });
  } finally {
    await close();
  }
});
