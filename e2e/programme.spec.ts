import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import ICAL from 'ical.js';
import type { EventProgramme } from '../shared/programme.js';
import { zonedTimes } from '../shared/timeZones.js';
import { expect, test, type Page } from './fixtures.js';

/** WCAG 2.1 A and AA rules, checked by axe-core on what is on screen now. */
async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((violation) => violation.id), `accessibility violations on ${where}`).toEqual([]);
}

test('a visitor in Kathmandu reads the programme in their own time, filters it, opens a session and adds it to their calendar', async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: 'Asia/Kathmandu', acceptDownloads: true });
  const page = await context.newPage();
  try {
    const programme = (await (await page.request.get('/api/events/icsw-2020-21')).json()) as EventProgramme;
    const ignite = programme.sessions.find((session) => session.kind === 'ignite-talks')!;
    const local = zonedTimes(ignite.startsAt, ignite.endsAt, 'Asia/Kathmandu');
    const organisers = zonedTimes(ignite.startsAt, ignite.endsAt, 'Africa/Johannesburg');

    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'ICSW 2020-21', level: 2, exact: true })).toBeVisible();
    const card = page.getByRole('article', { name: ignite.title });
    // Kathmandu is 3 h 45 min ahead of the organisers in Johannesburg.
    await expect(card).toContainText(`${local.date}, ${local.times} GMT+5:45`);
    await expect(card).toContainText(`Organisers’ time: ${organisers.date}, ${organisers.times} Africa/Johannesburg (GMT+2)`);
    await expect(page.getByLabel('Show times in')).toHaveValue(/Asia\/Kat(h)?mandu/);
    await expectNoAxeViolations(page, 'the programme');

    // Filters apply at once and stay in the address.
    await page.getByLabel('Kind').selectOption('ignite-talks');
    await expect(page.getByRole('article')).toHaveCount(1);
    await expect(page).toHaveURL(/kind=ignite-talks/);
    // Another zone: the same session, in São Paulo's time.
    await page.getByLabel('Show times in').selectOption('America/Sao_Paulo');
    const inSaoPaulo = zonedTimes(ignite.startsAt, ignite.endsAt, 'America/Sao_Paulo');
    await expect(card).toContainText(`${inSaoPaulo.date}, ${inSaoPaulo.times} GMT-3`);
    await page.getByLabel('Show times in').selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByRole('article')).toHaveCount(programme.sessions.length);

    // The session's page: a countdown (it starts in two weeks), its people, its calendar file.
    await card.getByRole('link', { name: ignite.title }).click();
    await expect(page.getByRole('heading', { name: ignite.title, level: 1 })).toBeVisible();
    await expect(page.getByText(/^Starts in \d+ days$/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Rohan Shrestha' })).toBeVisible();
    await expectNoAxeViolations(page, 'a session’s page');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Add to calendar' }).click();
    const file = await (await download).path();
    const calendar = new ICAL.Component(ICAL.parse(await readFile(file, 'utf8')));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe(ignite.title);
    expect(event.startDate.zone.tzid).toBe('Africa/Johannesburg');
    expect(event.startDate.toJSDate().toISOString()).toBe(ignite.startsAt);

    // A speaker's page lists their sessions; the live opening offers to join.
    await page.getByRole('link', { name: 'Rohan Shrestha' }).click();
    await expect(page.getByRole('heading', { name: 'Rohan Shrestha', level: 1 })).toBeVisible();
    await expect(page.getByRole('article', { name: ignite.title })).toBeVisible();
    await page.goto('/');
    const opening = page.getByRole('article', { name: 'People power: new sources and forces' });
    await expect(opening.getByText('Live now')).toBeVisible();
    await opening.getByRole('link', { name: 'Join: People power: new sources and forces' }).click();
    await expect(page).toHaveURL(/\/r\/people-power$/);
  } finally {
    await context.close();
  }
});

test('the programme fits a phone: no sideways scrolling, filters one under another', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  try {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'ICSW 2020-21', level: 2, exact: true })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const kind = await page.getByLabel('Kind').boundingBox();
    const format = await page.getByLabel('Format').boundingBox();
    expect(format!.y).toBeGreaterThan(kind!.y);
  } finally {
    await context.close();
  }
});
