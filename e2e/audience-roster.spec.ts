import { expect, test, type Page } from './fixtures.js';
import { createCast, joinByLink, roomForSpec } from './participant.js';

/** A person's row in the people panel. */
const personRow = (page: Page, name: string) => page.locator(`[data-testid="person"][data-display-name="${name}"]`);

async function openPeople(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /^people/i });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(page.getByRole('heading', { name: 'People', level: 2 })).toBeVisible();
}

async function setRosterVisible(page: Page, isVisible: boolean): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Chat', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('tab', { name: 'Moderation' }).click();
  const roster = page.getByRole('switch', { name: 'Everyone can see who is here' });
  await (isVisible ? roster.check() : roster.uncheck());
  await expect(roster).toBeChecked({ checked: isVisible });
}

/** Screenshots of what a person sees, for people to look at (not compared). */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

test('the audience: participants see the stage, the moderators and how many are here; moderators choose to show who', async ({ browser }) => {
  test.setTimeout(120_000);
  const { open, close } = createCast(browser);
  try {
    const moderator = await open('Mo');
    const pat = await open('Pat');
    const ama = await open('Ama');
    const room = await roomForSpec(moderator.page, 3);
    await joinByLink(moderator, room, { role: 'moderator' });
    await joinByLink(pat, room);
    await joinByLink(ama, room);

    await test.step('a participant sees the moderator and a count, not the others in the audience', async () => {
      await openPeople(pat.page);
      await expect(personRow(pat.page, moderator.name)).toHaveAttribute('data-seat', 'stage');
      await expect(personRow(pat.page, pat.name)).toBeVisible();
      await expect(pat.page.getByText('2 in the audience. Only the moderators see who they are.')).toBeVisible();
      await expect(personRow(pat.page, ama.name)).toHaveCount(0);
      // The People button counts everyone: the moderator on stage and two in the audience.
      await expect(pat.page.getByRole('button', { name: /^people/i }).locator('.count')).toHaveText('3');
      // Raising a hand shows on one's own row, and to the moderators.
      await pat.page.getByRole('button', { name: 'Raise hand' }).click();
      await expect(personRow(pat.page, pat.name)).toHaveAttribute('data-hand', 'up');
      await shoot(pat.page, 'participant-desktop');
      await pat.page.setViewportSize({ width: 375, height: 812 });
      // On a phone the people sheet alone, as someone checking who is here would see it.
      const chat = pat.page.getByRole('button', { name: 'Chat', exact: true });
      if ((await chat.getAttribute('aria-expanded')) === 'true') await chat.click();
      await pat.page.getByText('2 in the audience. Only the moderators see who they are.').scrollIntoViewIfNeeded();
      await expect(pat.page.getByText('2 in the audience. Only the moderators see who they are.')).toBeInViewport();
      await shoot(pat.page, 'participant-phone');
      await pat.page.setViewportSize({ width: 1280, height: 720 });
    });

    await test.step('the moderator sees everyone, raised hands first', async () => {
      await openPeople(moderator.page);
      await expect(personRow(moderator.page, ama.name)).toBeVisible();
      await expect(personRow(moderator.page, pat.name)).toHaveAttribute('data-hand', 'up');
      await shoot(moderator.page, 'moderator-desktop');
    });

    await test.step('"everyone can see who is here": the audience is listed to all, and hidden again', async () => {
      await setRosterVisible(moderator.page, true);
      await shoot(moderator.page, 'moderator-controls');
      await expect(personRow(pat.page, ama.name)).toBeVisible();
      await expect(pat.page.getByRole('heading', { name: /raised hands/i })).toBeVisible();
      await shoot(pat.page, 'participant-roster-open');
      await setRosterVisible(moderator.page, false);
      await expect(personRow(pat.page, ama.name)).toHaveCount(0);
      await expect(pat.page.getByText('2 in the audience. Only the moderators see who they are.')).toBeVisible();
    });
  } finally {
    await close({ leave: true });
  }
});
