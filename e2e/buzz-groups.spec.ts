import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures.js';
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

/** The moderator drafts groups by hand, places each person, and starts them. */
async function startGroupsByHand(mod: Page, plan: [Participant, string][]): Promise<void> {
  await openGroupsPanel(mod);
  await mod.getByLabel('How people are placed').selectOption({ label: 'By hand' });
  await mod.getByRole('button', { name: 'Preview the groups' }).click();
  for (const [person, group] of plan) {
    await mod.getByLabel(`Move ${person.name} to`).selectOption({ label: group });
  }
  await mod.getByRole('button', { name: 'Start the groups' }).click();
  for (const [person] of plan) {
    await expect(person.page.getByTestId('group-banner')).toBeVisible();
    await expect(person.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
  }
}

async function endGroupsNow(mod: Page, people: Participant[]): Promise<void> {
  await openGroupsPanel(mod);
  await mod.getByRole('button', { name: 'End all groups' }).click();
  const dialog = mod.getByRole('dialog', { name: 'End all groups?' });
  await dialog.getByLabel('When').selectOption({ label: 'Now' });
  await dialog.getByRole('button', { name: 'End all groups' }).click();
  for (const person of people) {
    await expect(person.page.getByTestId('group-banner')).toHaveCount(0);
    await expect(person.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
  }
}

/** Joins by the room's link with the camera and microphone switched off on the pre-join screen. */
async function joinWithDevicesOff(person: Participant, room: { id: string }): Promise<void> {
  const { page } = person;
  await page.goto(`/r/${room.id}`);
  await expect(page.getByTestId('self-tile').locator('video')).toBeVisible();
  for (const device of ['Microphone', 'Camera']) {
    await page.getByRole('button', { name: device }).click();
    await expect(page.getByRole('button', { name: device })).toHaveAttribute('aria-pressed', 'false');
  }
  await expect(page.getByTestId('self-tile').locator('video')).toHaveCount(0);
  await page.getByLabel('Your name').fill(person.name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
}

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

  /**
   * Buzz groups never switch a camera or microphone on by themselves (issue
   * 13, A4): Pat joined with both off, arrives in a group sending nothing
   * (as a group-mate's page shows), is asked, turns the camera on by
   * keyboard, and the next group remembers that choice without asking again.
   */
  test('someone who joined with camera and microphone off is asked in a group, and the next group remembers the answer', async ({ browser }, testInfo) => {
    test.setTimeout(240_000);
    const cast = createCast(browser);
    try {
      const moderator = await cast.open('Moderator Ines');
      const room = await roomForSpec(moderator.page, ROOM_INDEX);
      await joinByLink(moderator, room, { role: 'moderator' });
      const pat = await cast.open('Pat');
      await joinWithDevicesOff(pat, room);
      const [noor, tariq] = await Promise.all(['Noor', 'Tariq'].map((name) => cast.open(name)));
      for (const person of [noor!, tariq!]) await joinByLink(person, room);
      const everyone = [pat, noor!, tariq!];

      await startGroupsByHand(moderator.page, [
        [pat, 'Group 1'],
        [noor!, 'Group 1'],
        [tariq!, 'Group 2'],
      ]);
      // In the same group, Noor's page shows Pat sending nothing (no camera, no microphone) once media flows between them.
      const patTile = tileOf(noor!.page, pat.name);
      await expect(patTile).toBeVisible();
      const patId = await peerIdOf(patTile);
      await expectReceivesAudioFrom(pat.page, await peerIdOf(tileOf(pat.page, noor!.name)));
      await expect(patTile).toHaveAttribute('data-mic', 'none');
      await expect(patTile).toContainText('Camera off');
      expect(await receivedPeerIds(noor!.page)).not.toContain(patId);

      // Pat is asked, with a button for each device and one to stay as they are.
      const question = pat.page.getByTestId('device-question');
      await expect(question).toContainText('Your camera and microphone are off');
      for (const name of ['Turn on camera', 'Turn on microphone', 'Stay off']) {
        await expect(question.getByRole('button', { name })).toBeVisible();
      }
      const shots = testInfo.outputPath('screenshots');
      mkdirSync(shots, { recursive: true });
      await pat.page.screenshot({ path: `${shots}/group-question-desktop.png` });
      await pat.page.setViewportSize({ width: 375, height: 812 });
      await pat.page.screenshot({ path: `${shots}/group-question-phone.png` });
      await pat.page.setViewportSize({ width: 1280, height: 720 });

      // By keyboard: the camera only.
      await question.getByRole('button', { name: 'Turn on camera' }).focus();
      await pat.page.keyboard.press('Enter');
      await expectDecodesVideoFrom(noor!.page, patId);
      await expect(patTile).toHaveAttribute('data-mic', 'none');
      // Answered: one line is left, with the microphone's button, which takes the focus from the one that went away.
      await expect(question).toContainText('Your microphone is still off.');
      await expect(question.getByRole('button', { name: 'Turn on microphone' })).toBeFocused();
      await expect(question.getByRole('button', { name: 'Keep microphone off' })).toBeVisible();
      await pat.page.setViewportSize({ width: 1280, height: 800 });
      await pat.page.screenshot({ path: `${shots}/group-question-answered-desktop.png` });
      await pat.page.setViewportSize({ width: 375, height: 812 });
      await pat.page.screenshot({ path: `${shots}/group-question-answered-phone.png` });
      await pat.page.setViewportSize({ width: 1280, height: 720 });

      // With the microphone on (from the control bar), nothing is left to ask; turning a device off later never brings the question back.
      const controls = pat.page.getByRole('toolbar', { name: 'Room controls' });
      await controls.getByRole('button', { name: 'Unmute microphone' }).click();
      await expect(patTile).not.toHaveAttribute('data-mic', 'none');
      await expect(pat.page.getByTestId('device-question')).toHaveCount(0);
      await controls.getByRole('button', { name: 'Turn camera off' }).click();
      await expect(patTile).toContainText('Camera off');
      await expect(controls.getByRole('button', { name: 'Turn camera on' })).toBeVisible();
      await expect(pat.page.getByTestId('device-question')).toHaveCount(0);
      // Back as Pat had it (camera on, microphone off), which the next group remembers; still no question.
      await controls.getByRole('button', { name: 'Turn camera on' }).click();
      await controls.getByRole('button', { name: 'Mute microphone' }).click();
      await expect(controls.getByRole('button', { name: 'Unmute microphone' })).toBeVisible();
      await expectDecodesVideoFrom(noor!.page, patId);
      await expect(pat.page.getByTestId('device-question')).toHaveCount(0);

      await endGroupsNow(moderator.page, everyone);

      // Another round, with Tariq this time: Pat's camera comes on by itself (chosen), the microphone stays off, no question.
      await startGroupsByHand(moderator.page, [
        [pat, 'Group 1'],
        [tariq!, 'Group 1'],
        [noor!, 'Group 2'],
      ]);
      const patAtTariq = tileOf(tariq!.page, pat.name);
      await expectDecodesVideoFrom(tariq!.page, await peerIdOf(patAtTariq));
      await expect(patAtTariq).toHaveAttribute('data-mic', 'none');
      await expect(pat.page.getByTestId('device-question')).toHaveCount(0);
      await endGroupsNow(moderator.page, everyone);

      // A reload keeps the choice too: the pre-join screen opens the camera only.
      await pat.page.reload();
      await expect(pat.page.getByRole('button', { name: 'Camera' })).toHaveAttribute('aria-pressed', 'true');
      await expect(pat.page.getByRole('button', { name: 'Microphone' })).toHaveAttribute('aria-pressed', 'false');
      await expect(pat.page.getByTestId('self-tile').locator('video')).toBeVisible();
    } finally {
      await cast.close({ leave: true });
    }
  });
});
