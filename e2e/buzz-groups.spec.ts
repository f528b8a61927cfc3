import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createCast, expectDecodesVideoFrom, expectReceivesAudioFrom, joinByLink, peerIdOf, roomForSpec, tileOf, type Participant } from './participant.js';

/** This spec's demo room (see conversation.spec.ts for the others'). */
const ROOM_INDEX = 5;

/** The peer ids whose tracks a page receives (mediasoup's probe aside). */
async function receivedPeerIds(page: Page): Promise<string[]> {
  const stats = await page.evaluate(() => window.__convene?.getInboundRtpStats() ?? Promise.resolve([]));
  return [...new Set(stats.filter((entry) => entry.packetsReceived > 0 && entry.peerId).map((entry) => entry.peerId!))];
}

/** Opens the buzz groups panel if it is closed. */
async function openGroupsPanel(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Groups', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(page.locator('#buzz-panel')).toBeVisible();
}

const notesOf = (page: Page) => page.getByRole('textbox', { name: 'Group notes' });

/**
 * Buzz groups with a moderator and four participants: two groups drafted
 * by hand, each participant decoding only their group-mates; shared notes;
 * a call for help; "end all groups"; everyone back on the main stage with
 * the notes of both groups there for all to read.
 */
test.describe('buzz groups', () => {
  test('split into two groups, talk, write notes, call for help, and come back', async ({ browser }) => {
    test.setTimeout(240_000);
    const cast = createCast(browser);
    try {
      const moderator = await cast.open('Moderator Grace');
      const room = await roomForSpec(moderator.page, ROOM_INDEX);
      await joinByLink(moderator, room, { role: 'moderator' });
      const [amina, bo, chen, dara] = await Promise.all(['Amina', 'Bo', 'Chen', 'Dara'].map((name) => cast.open(name)));
      const participants = [amina!, bo!, chen!, dara!];
      for (const person of participants) await joinByLink(person, room);
      const mod = moderator.page;

      // The moderator drafts two groups by hand, names the first, gives it a question and a facilitator.
      await openGroupsPanel(mod);
      await mod.getByLabel('How people are placed').selectOption({ label: 'By hand' });
      await mod.getByRole('button', { name: 'Preview the groups' }).click();
      const plan: [Participant, string][] = [
        [amina!, 'Group 1'],
        [bo!, 'Group 1'],
        [chen!, 'Group 2'],
        [dara!, 'Group 2'],
      ];
      for (const [person, group] of plan) {
        await mod.getByLabel(`Move ${person.name} to`).selectOption({ label: group });
      }
      const firstGroup = mod.locator('#buzz-panel li.buzz-group').first();
      await firstGroup.getByLabel('Name').fill('Land rights');
      await firstGroup.getByLabel('Question to discuss (optional)').fill('What works locally?');
      await firstGroup.getByLabel('Facilitator').selectOption({ label: amina!.name });
      const { violations } = await new AxeBuilder({ page: mod })
        .include('#buzz-panel')
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(violations.map((violation) => violation.id), 'accessibility of the draft').toEqual([]);
      await mod.getByRole('button', { name: 'Start the groups' }).click();

      // Everyone is taken to their group, with its name, question and timer.
      for (const [person, group] of plan) {
        const banner = person.page.getByTestId('group-banner');
        await expect(banner).toContainText(group === 'Group 1' ? 'Land rights' : 'Group 2');
        await expect(person.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
        await expect(person.page.getByTestId('buzz-timer')).toContainText('left');
      }
      await expect(amina!.page.getByTestId('group-banner')).toContainText('What works locally?');
      await expect(amina!.page.getByTestId('group-banner')).toContainText('You facilitate this group.');

      // Each decodes its group-mate's camera and hears them, and receives nobody else.
      const pairs: [Participant, Participant][] = [
        [amina!, bo!],
        [bo!, amina!],
        [chen!, dara!],
        [dara!, chen!],
      ];
      for (const [person, mate] of pairs) {
        const mateId = await peerIdOf(tileOf(person.page, mate.name));
        await expectDecodesVideoFrom(person.page, mateId);
        await expectReceivesAudioFrom(person.page, mateId);
        expect(await receivedPeerIds(person.page)).toEqual([mateId]);
        await expect(person.page.getByTestId('peer-tile')).toHaveCount(1);
      }

      // Notes typed in one page appear in a group-mate's.
      await notesOf(amina!.page).fill('Community land trusts');
      await expect(notesOf(bo!.page)).toHaveValue('Community land trusts');
      await notesOf(dara!.page).fill('Climate finance must reach local groups');
      await expect(notesOf(chen!.page)).toHaveValue('Climate finance must reach local groups');

      // A call for help shows on the moderator's page, with the group and who called.
      await chen!.page.getByRole('button', { name: 'Call a moderator' }).click();
      await expect(chen!.page.getByText('The moderators have been asked to come to your group.')).toBeVisible();
      await expect(mod.locator('.buzz-help')).toContainText(`Group 2 (${chen!.name}) asked for a moderator`);

      // End all groups, at once.
      await mod.getByRole('button', { name: 'End all groups' }).click();
      const dialog = mod.getByRole('dialog', { name: 'End all groups?' });
      await dialog.getByLabel('When').selectOption({ label: 'Now' });
      await dialog.getByRole('button', { name: 'End all groups' }).click();

      // Everyone is back in the main session, decoding the stage (the moderator) again, with no action of theirs.
      const moderatorId = await peerIdOf(tileOf(amina!.page, moderator.name));
      for (const person of participants) {
        await expect(person.page.getByTestId('group-banner')).toHaveCount(0);
        await expect(person.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
        const stageId = await peerIdOf(tileOf(person.page, moderator.name));
        await expectDecodesVideoFrom(person.page, stageId);
        await expectReceivesAudioFrom(person.page, stageId);
        expect(await receivedPeerIds(person.page)).toEqual([stageId]);
      }
      expect(moderatorId).toBeTruthy();

      // The notes of both groups are there for everyone to read; the facilitator can be called to report.
      for (const person of participants) {
        const outputs = person.page.getByTestId('buzz-outputs');
        await expect(outputs).toContainText('Community land trusts');
        await expect(outputs).toContainText('Climate finance must reach local groups');
      }
      await openGroupsPanel(mod);
      await mod.getByRole('button', { name: `Invite ${amina!.name} to report` }).click();
      await expect(amina!.page.getByRole('dialog', { name: /invites you to the stage/ })).toBeVisible();
    } finally {
      await cast.close({ leave: true });
    }
  });
});
