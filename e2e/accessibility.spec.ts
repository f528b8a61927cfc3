import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures.js';
import { invitationToken } from './invitations.js';
import { joinByLink, openParticipant, roomForSpec, type Participant } from './participant.js';

/** WCAG 2.1 A and AA rules, checked by axe-core on what is on screen now. */
async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary, `accessibility violations on ${where}`).toEqual([]);
}

/** Presses Tab until the named button has focus (as a keyboard user would reach it). */
async function tabTo(page: Page, name: string): Promise<void> {
  const target = page.getByRole('button', { name, exact: true });
  for (let presses = 0; presses < 40; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`"${name}" cannot be reached with the Tab key`);
}

test('the pre-join screen and the room pass axe, and a participant can do everything by keyboard', async ({ browser }) => {
  const people: Participant[] = [];
  try {
    const moderator = await openParticipant(browser, 'Mo');
    const viewer = await openParticipant(browser, 'Pat');
    people.push(moderator, viewer);
    const room = await roomForSpec(moderator.page, 2);
    const patRow = moderator.page.locator(`[data-testid="person"][data-display-name="${viewer.name}"]`);

    await test.step('pre-join screens (with an invitation and without) pass axe', async () => {
      await moderator.page.goto(`/r/${room.id}?invite=${await invitationToken(room.id, 'moderator')}`);
      await expect(moderator.page.getByText(/invited as a moderator/i)).toBeVisible();
      await expectNoAxeViolations(moderator.page, 'the moderator pre-join screen');
      await viewer.page.goto(`/r/${room.id}`);
      await expect(viewer.page.getByTestId('self-tile').locator('video')).toBeVisible();
      await expectNoAxeViolations(viewer.page, 'the participant pre-join screen');
    });

    await test.step('in the room: the stage, control bar and people panel pass axe', async () => {
      await joinByLink(moderator, room, { role: 'moderator' });
      await joinByLink(viewer, room);
      await moderator.page.getByRole('button', { name: /^people/i }).click();
      await expect(patRow).toBeVisible();
      await expectNoAxeViolations(moderator.page, "the moderator's room with the people panel");
      await expectNoAxeViolations(viewer.page, "a participant's room");
    });

    await test.step('by keyboard: raise a hand, and decline an invitation with Escape', async () => {
      await tabTo(viewer.page, 'Raise hand');
      await viewer.page.keyboard.press('Enter');
      await expect(viewer.page.getByRole('button', { name: 'Lower hand', exact: true })).toBeVisible();
      await expect(patRow).toHaveAttribute('data-hand', 'up');

      await moderator.page.getByRole('button', { name: `Invite to stage (${viewer.name})` }).focus();
      await moderator.page.keyboard.press('Enter');
      const dialog = viewer.page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      // Focus moves into the dialog, so a keyboard or screen-reader user lands on it.
      await expect
        .poll(() => dialog.evaluate((element) => element.contains(document.activeElement)))
        .toBe(true);
      await expectNoAxeViolations(viewer.page, 'the invitation dialog');
      await viewer.page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(moderator.page.getByTestId('notice').filter({ hasText: /declined/i })).toBeVisible();
    });
  } finally {
    for (const person of people) await person.context.close();
  }
});
