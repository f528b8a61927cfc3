import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import ICAL from 'ical.js';
import type { ConsolePage, OutboxEntry } from '../shared/console.js';
import type { EventProgramme } from '../shared/programme.js';
import { instantOfWallTime, wallTimeOf, zonedTimes } from '../shared/timeZones.js';
import { expect, test, type Page } from './fixtures.js';
import { createOwnServer, freePort } from './ownServer.js';
import { expectDecodesVideoFrom, openParticipant, peerIdOf, tileOf, type Participant } from './participant.js';
import { recordRoomStatuses, seenRoomStatuses } from './roomStatusLog.js';

const ZONE = 'Europe/Belgrade';
const VERIFY_LINK = /https?:\/\/\S+\/account\/verify\?token=[A-Za-z0-9_-]{43}/;

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((violation) => violation.id), `accessibility violations on ${where}`).toEqual([]);
}

/** Screenshots to look at (SHOTS_DIR set): at desktop size, then at a phone's. */
async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  const size = page.viewportSize();
  await page.screenshot({ path: path.join(dir, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(dir, `${name}-phone.png`), fullPage: true });
  if (size) await page.setViewportSize(size);
}

/** The verification link the organiser finds for `email` in the console's outbox. */
async function linkFromOutbox(organiser: Page, email: string): Promise<string> {
  let link = '';
  await expect
    .poll(async () => {
      const outbox = (await (await organiser.request.get('/api/console/outbox')).json()) as ConsolePage<OutboxEntry>;
      link = VERIFY_LINK.exec(outbox.items.find((entry) => entry.to === email && entry.kind === 'verify')?.text ?? '')?.[0] ?? '';
      return link;
    })
    .not.toBe('');
  return link;
}

/** Someone makes an account through the API their page would call, confirmed through the outbox the organiser reads, and signs in. */
async function signUpThroughOutbox(person: Participant, organiser: Page, email: string): Promise<void> {
  const { request } = person.page;
  const csrf = async () => ((await (await request.get('/api/account/csrf')).json()) as { csrfToken: string }).csrfToken;
  const password = `${person.name} keeps a long passphrase`;
  const headers = { 'x-csrf-token': await csrf() };
  expect((await request.post('/api/account/sign-up', { headers, data: { email, password, displayName: person.name } })).status()).toBe(202);
  const token = new URL(await linkFromOutbox(organiser, email)).searchParams.get('token');
  expect((await request.post('/api/account/verify', { headers, data: { token } })).status()).toBe(200);
  expect((await request.post('/api/account/sign-in', { headers, data: { email, password } })).status()).toBe(200);
}

test('an organiser sets up a fresh install and publishes a webinar with a speaker; a visitor in Kathmandu signs up and joins; the speaker is demoted live', async ({ browser }) => {
  test.setTimeout(300_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-organiser-'));
  // A fresh install without the demo: the first-run screen is the way in.
  const server = createOwnServer(await freePort(), dataDir, { DEMO: 'false' });
  const people: Participant[] = [];
  try {
    await server.start();
    const olga = await openParticipant(browser, 'Olga', server.baseURL);
    people.push(olga);
    const organiser = olga.page;
    // Live now, on the organisers' clock: started five minutes ago, for two hours.
    const startsAt = wallTimeOf(new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000), ZONE);
    const endsAt = wallTimeOf(new Date(instantOfWallTime(startsAt, ZONE)!.getTime() + 2 * 3_600_000), ZONE);
    let roomId = '';

    await test.step('the first organiser sets the platform up with the code from its data directory', async () => {
      await organiser.goto('/');
      await expect(organiser.getByText('No event has been published yet. Check back soon.')).toBeVisible();
      await organiser.getByRole('link', { name: 'Organise' }).click();
      await expect(organiser.getByText('This platform has no organiser yet.')).toBeVisible();
      await organiser.getByRole('link', { name: 'Set it up' }).click();
      await expect(organiser.getByRole('heading', { name: 'Set up this platform', level: 1 })).toBeVisible();
      // The shared schemas' rules, at each field, before anything is sent.
      await organiser.getByRole('button', { name: 'Create event and become its organiser' }).click();
      await expect(organiser.getByRole('alert')).toHaveText('Check the fields marked below.');
      await expect(organiser.getByLabel('Setup code')).toHaveAttribute('aria-invalid', 'true');
      await expectNoAxeViolations(organiser, 'the first-run screen');
      await shoot(organiser, 'first-run');

      await organiser.getByLabel('Setup code').fill((await readFile(path.join(dataDir, 'setup-code'), 'utf8')).trim());
      await organiser.getByLabel('Your name, as others see it').fill('Olga');
      await organiser.getByLabel('Email address').fill('olga@example.org');
      await organiser.getByLabel('Password').fill('Olga keeps a long passphrase');
      await organiser.getByLabel('Name', { exact: true }).fill('Belgrade Civic Days');
      await organiser.getByLabel('Link name').fill('belgrade-civic-days');
      await organiser.getByLabel('Time zone').selectOption(ZONE);
      await organiser.getByLabel('First day').fill(startsAt.slice(0, 10));
      await organiser.getByLabel('Last day').fill(endsAt.slice(0, 10));
      await organiser.getByRole('button', { name: 'Create event and become its organiser' }).click();
      await expect(organiser.getByRole('heading', { name: 'Belgrade Civic Days', level: 1 })).toBeVisible();
      await expect(organiser.getByText('Draft', { exact: true })).toBeVisible();
    });

    await test.step('a topic, then a webinar in it, with a speaker named by email; both published', async () => {
      await organiser.getByRole('link', { name: 'Topics' }).click();
      await organiser.getByLabel('Name', { exact: true }).fill('Civic space');
      await organiser.getByRole('button', { name: 'Add topic' }).click();
      await expect(organiser.getByRole('listitem').filter({ hasText: 'Civic space' })).toBeVisible();

      await organiser.getByRole('link', { name: 'Sessions' }).click();
      await expect(organiser.getByText('No sessions yet. Add the first one.')).toBeVisible();
      await organiser.getByRole('link', { name: 'Add a session' }).click();
      await organiser.getByLabel('Title').fill('Defending civic space');
      await organiser.getByLabel('Starts').fill(startsAt);
      await organiser.getByLabel('Ends').fill(endsAt);
      await organiser.getByLabel('Topic').selectOption({ label: 'Civic space' });
      await organiser.getByRole('button', { name: 'Create session' }).click();
      const editor = organiser.getByRole('region', { name: 'Edit session' });
      await expect(editor).toBeVisible();
      roomId = (await editor.getByRole('link', { name: 'Open its room' }).getAttribute('href'))!.replace('/r/', '');

      const roles = organiser.getByRole('region', { name: 'Roles in this session' });
      await roles.getByLabel('Email address').fill('sam@example.org');
      await roles.getByLabel('Role').selectOption({ label: 'Speaker in this session' });
      await roles.getByRole('button', { name: 'Grant role' }).click();
      await expect(roles.getByRole('listitem').filter({ hasText: 'sam@example.org' })).toContainText('Speaker in this session');

      await editor.getByRole('button', { name: 'Publish' }).click();
      await expect(editor.getByText('Published', { exact: true })).toBeVisible();
      await expectNoAxeViolations(organiser, 'the session editor');
      await shoot(organiser, 'session-editor');
      // The event itself, confirmed first: publishing shows it to everyone.
      await organiser.getByRole('button', { name: 'Publish' }).first().click();
      await organiser.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
      await expect(organiser.getByText('Published', { exact: true }).first()).toBeVisible();
      await organiser.getByRole('link', { name: 'Sessions' }).click();
      await expect(organiser.getByRole('listitem').filter({ hasText: 'Defending civic space' })).toBeVisible();
      await organiser.getByText('Calendar', { exact: true }).click();
      await expectNoAxeViolations(organiser, 'the sessions calendar');
      await shoot(organiser, 'sessions-calendar');
    });

    const kiran = await openParticipant(browser, 'Kiran', server.baseURL);
    people.push(kiran);
    await kiran.context.close();
    // Kathmandu: 4 h 45 min ahead of Belgrade in winter.
    kiran.context = await browser.newContext({ baseURL: server.baseURL, timezoneId: 'Asia/Kathmandu', acceptDownloads: true });
    kiran.page = await kiran.context.newPage();
    const visitor = kiran.page;

    await test.step('a visitor in Kathmandu finds it in the programme at their time, and adds it to their calendar', async () => {
      const programme = (await (await visitor.request.get('/api/events/belgrade-civic-days')).json()) as EventProgramme;
      const session = programme.sessions[0]!;
      const local = zonedTimes(session.startsAt, session.endsAt, 'Asia/Kathmandu');
      const organisers = zonedTimes(session.startsAt, session.endsAt, ZONE);
      await visitor.goto('/');
      const card = visitor.getByRole('article', { name: 'Defending civic space' });
      await expect(card).toContainText(`${local.date}, ${local.times} GMT+5:45`);
      await expect(card).toContainText(`Organisers’ time: ${organisers.date}, ${organisers.times} ${ZONE}`);
      await card.getByRole('link', { name: 'Defending civic space' }).first().click();
      const download = visitor.waitForEvent('download');
      await visitor.getByRole('link', { name: 'Add to calendar' }).click();
      const ics = await readFile((await (await download).path())!, 'utf8');
      const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
      const start = vevent.getFirstPropertyValue('dtstart') as ICAL.Time;
      expect(start.zone?.tzid ?? vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe(ZONE);
      expect(start.toJSDate().toISOString()).toBe(session.startsAt);
      await shoot(visitor, 'session-page-kathmandu');
    });

    await test.step('the visitor signs up, is confirmed through the outbox the organiser reads, and joins with their account', async () => {
      await visitor.getByRole('link', { name: 'Join' }).click();
      await visitor.getByRole('link', { name: 'Have an account? Sign in to join with it' }).click();
      await visitor.getByRole('link', { name: 'No account yet? Create one' }).click();
      await visitor.getByLabel('Your name, as others see it').fill('Kiran');
      await visitor.getByLabel('Email address').fill('kiran@example.org');
      await visitor.getByLabel('Password').fill('Kiran keeps a long passphrase');
      await visitor.getByRole('button', { name: 'Create account' }).click();
      await expect(visitor.getByRole('status')).toContainText('Check your email');

      await organiser.goto('/console/outbox');
      const held = organiser.getByRole('article', { name: 'Confirm your email address for Convene' });
      await expect(held).toContainText('Held: pass it on');
      await expectNoAxeViolations(organiser, 'the outbox');
      await shoot(organiser, 'outbox');
      await visitor.goto(await linkFromOutbox(organiser, 'kiran@example.org'));
      await expect(visitor.getByText('Your email address is confirmed.')).toBeVisible();
      await visitor.goto(`/account/sign-in?next=${encodeURIComponent(`/r/${roomId}`)}`);
      await visitor.getByLabel('Email address').fill('kiran@example.org');
      await visitor.getByLabel('Password').fill('Kiran keeps a long passphrase');
      await visitor.getByRole('button', { name: 'Sign in' }).click();
      await expect(visitor).toHaveURL(new RegExp(`/r/${roomId}$`));
      await expect(visitor.getByText('You join as Kiran, with your account')).toBeVisible();
      await visitor.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(visitor.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
    });

    const sam = await openParticipant(browser, 'Sam', server.baseURL);
    people.push(sam);
    await test.step('the speaker joins with their account, on stage: the visitor sees and decodes them', async () => {
      await signUpThroughOutbox(sam, organiser, 'sam@example.org');
      await sam.page.goto(`/r/${roomId}`);
      await expect(sam.page.getByText('You join as Sam, with your account')).toBeVisible();
      await sam.page.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(sam.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
      await expectDecodesVideoFrom(visitor, await peerIdOf(tileOf(visitor, 'Sam')));
      await recordRoomStatuses(sam.page);
    });

    await test.step('the organiser takes the speaker role back: Sam is in the audience at once, without rejoining', async () => {
      await organiser.goto('/console');
      await organiser.getByRole('link', { name: 'Belgrade Civic Days' }).click();
      await organiser.getByRole('link', { name: 'Defending civic space', exact: true }).click();
      const roles = organiser.getByRole('region', { name: 'Roles in this session' });
      await roles.getByRole('button', { name: 'Take back sam@example.org' }).click();
      await organiser.getByRole('dialog').getByRole('button', { name: 'Take back' }).click();
      await expect(roles.getByText('Nobody holds a role here yet.')).toBeVisible();

      await expect(sam.page.getByText('The organisers changed your role: you are now in the audience.')).toBeVisible();
      await expect(tileOf(visitor, 'Sam')).toHaveCount(0);
      expect(await seenRoomStatuses(sam.page)).not.toContain('rejoining');
      await expect(sam.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
      await shoot(sam.page, 'demoted-speaker');
    });
  } finally {
    for (const person of people) await person.context.close().catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
