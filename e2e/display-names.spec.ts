import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures.js';
import { createCast, joinByLink, roomForSpec, tileOf } from './participant.js';

/** A small demo room (the accessibility spec's): this spec only needs a moderator and one newcomer. */
const ROOM_INDEX = 2;

/**
 * Display names (issue 13, A9) as a person meets them: a name that looks
 * like the moderator's is refused on joining with a clear message at the
 * name field, the rest of the pre-join choices are kept, and another name
 * gets in.
 */
test('a name that imitates the moderator is refused at the pre-join form, which keeps the other choices', async ({ browser }, testInfo) => {
  const cast = createCast(browser);
  try {
    const moderator = await cast.open('Grace Mensah');
    const room = await roomForSpec(moderator.page, ROOM_INDEX);
    await joinByLink(moderator, room, { role: 'moderator' });

    const newcomer = await cast.open('Newcomer');
    const { page } = newcomer;
    await page.goto(`/r/${room.id}`);
    await expect(page.getByTestId('self-tile').locator('video')).toBeVisible();
    // Choices besides the name: camera off, a language for buzz groups.
    await page.getByRole('button', { name: 'Camera' }).click();
    await expect(page.getByRole('button', { name: 'Camera' })).toHaveAttribute('aria-pressed', 'false');
    await page.getByLabel('Language you would like to discuss in').selectOption({ label: 'Kiswahili' });
    // The moderator's name in capitals, with a Cyrillic "а" and a zero-width space.
    const imitation = `GR\u0410CE\u200B ${moderator.name.split(' ')[1]!.toUpperCase()}`;
    await page.getByLabel('Your name').fill(imitation);
    await page.getByRole('button', { name: 'Join', exact: true }).click();

    const nameField = page.getByLabel('Your name');
    await expect(page.getByRole('alert').filter({ hasText: 'already has this name' })).toBeVisible();
    await expect(nameField).toHaveAttribute('aria-invalid', 'true');
    await expect(nameField).toBeFocused();
    await expect(nameField).toHaveValue(imitation);
    await expect(page.getByRole('button', { name: 'Camera' })).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('self-tile').locator('video')).toHaveCount(0);
    await expect(page.getByLabel('Language you would like to discuss in')).toHaveValue('sw');
    // Nobody got in under it: the moderator's People panel does not list it, as the server would write it.
    const peopleButton = moderator.page.getByRole('button', { name: /^People/ });
    if ((await peopleButton.getAttribute('aria-expanded')) !== 'true') await peopleButton.click();
    const peoplePanel = moderator.page.locator('#people-panel');
    await expect(peoplePanel).toBeVisible();
    const listedAs = (name: string) => peoplePanel.locator(`[data-testid="person"][data-display-name="${name}"]`);
    await expect(listedAs(moderator.name)).toBeVisible();
    await expect(listedAs(imitation.replaceAll('\u200B', ''))).toHaveCount(0);

    const shots = testInfo.outputPath('screenshots');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/name-taken-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: `${shots}/name-taken-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });

    // Another name: the message goes as soon as it changes, and the join goes through.
    await nameField.fill(`${newcomer.name} from Accra`);
    await expect(page.getByText('already has this name')).toHaveCount(0);
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
    // The panel that did not list the refused name lists the newcomer once in.
    await expect(listedAs(`${newcomer.name} from Accra`)).toBeVisible();
    // The participant sees the moderator's role beside the name.
    await expect(tileOf(page, moderator.name).getByText('Moderator', { exact: true })).toBeVisible();
  } finally {
    await cast.close({ leave: true });
  }
});
