import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import type { ConsolePage, ConsoleSession, OutboxEntry } from '../shared/console.js';
import type { EventSummary } from '../shared/programme.js';
import type { SessionRegistrationState } from '../shared/registration.js';
import { wallTimeOf } from '../shared/timeZones.js';
import { offerDeadline } from '../client/src/features/registration/offerDeadline.js';
import { expect, test, type APIRequestContext, type Browser, type Page } from './fixtures.js';
import { createOwnServer, freePort } from './ownServer.js';

const EVENT = { name: 'Nairobi Civic Forum', slug: 'nairobi-civic-forum', timeZone: 'Africa/Nairobi' };
const SESSION_TITLE = 'Shrinking civic space: what works';
const VERIFY_LINK = /https?:\/\/\S+\/account\/verify\?token=[A-Za-z0-9_-]{43}/;
/** Where the waitlisted delegate reads times: another zone than the event's, so the deadline's zone is the reader's. */
const AMINA_ZONE = 'America/Sao_Paulo';

/** A POST as the page would send it: with the CSRF token of the context's current sign-in (a sign-in changes it). */
async function post(request: APIRequestContext, url: string, data: unknown): Promise<unknown> {
  const { csrfToken } = (await (await request.get('/api/account/csrf')).json()) as { csrfToken: string };
  const response = await request.post(url, { headers: { 'x-csrf-token': csrfToken }, data });
  expect(response.ok(), `POST ${url}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

/**
 * A fresh platform's first organiser (made with the setup code from the
 * data directory, as the first-run screen does), and a published event
 * with principles holding one published session of one place, three days
 * from now. The organiser's page is signed in: it reads the outbox.
 */
async function publishOnePlaceSession(organiser: Page, dataDir: string): Promise<ConsoleSession> {
  const { request } = organiser;
  const today = wallTimeOf(new Date(), EVENT.timeZone).slice(0, 10);
  const startsAt = wallTimeOf(new Date(Date.now() + 3 * 86_400_000), EVENT.timeZone).slice(0, 10);
  const event = (await post(request, '/api/console/first-run', {
    setupCode: (await readFile(path.join(dataDir, 'setup-code'), 'utf8')).trim(),
    account: { email: 'olga@example.org', password: 'Olga keeps a long passphrase', displayName: 'Olga' },
    event: {
      ...EVENT,
      principles: ['Inclusion: the people affected by our work take part in it'],
      startsOn: today,
      endsOn: wallTimeOf(new Date(Date.now() + 7 * 86_400_000), EVENT.timeZone).slice(0, 10),
    },
  })) as EventSummary;
  const session = (await post(request, `/api/console/events/${event.id}/sessions`, {
    kind: 'webinar',
    title: SESSION_TITLE,
    startsAt: `${startsAt}T14:00`,
    endsAt: `${startsAt}T15:30`,
    timeZone: EVENT.timeZone,
    format: 'virtual',
    languages: ['en'],
    capacity: 1,
  })) as ConsoleSession;
  await post(request, `/api/console/events/${event.id}/sessions/${session.id}/status`, { status: 'published' });
  await post(request, `/api/console/events/${event.id}/status`, { status: 'published' });
  return session;
}

/** The newest held message of `kind` to `email`, as the administrator reads the outbox (waits until there is one). */
async function outboxMessage(organiser: Page, email: string, kind: string): Promise<OutboxEntry> {
  let found: OutboxEntry | undefined;
  await expect
    .poll(async () => {
      const outbox = (await (await organiser.request.get('/api/console/outbox')).json()) as ConsolePage<OutboxEntry>;
      found = outbox.items.find((entry) => entry.to === email && entry.kind === kind);
      return found?.state;
    })
    .toBe('held');
  return found!;
}

/** A delegate's own browser, with an account made through the API their page would call, confirmed through the outbox, and signed in. */
async function openDelegate(browser: Browser, baseURL: string, organiser: Page, name: string, timezoneId: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, timezoneId });
  const page = await context.newPage();
  const email = `${name.toLowerCase()}@example.org`;
  const password = `${name} keeps a long passphrase`;
  await post(page.request, '/api/account/sign-up', { email, password, displayName: name });
  const link = VERIFY_LINK.exec((await outboxMessage(organiser, email, 'verify')).text ?? '')?.[0] ?? '';
  await post(page.request, '/api/account/verify', { token: new URL(link).searchParams.get('token') });
  await post(page.request, '/api/account/sign-in', { email, password });
  return page;
}

/** From the session's page, the delegate registers for its event through the form, and comes back. */
async function registerForEventFromSession(page: Page, sessionId: string): Promise<void> {
  const panel = page.getByRole('region', { name: 'Registration' });
  await expect(panel).toContainText(`To take a place, register for ${EVENT.name} first.`);
  await panel.getByRole('link', { name: 'Register for the event' }).click();
  await expect(page.getByRole('heading', { name: `Register for ${EVENT.name}`, level: 1 })).toBeVisible();
  await page.getByLabel('Country', { exact: true }).selectOption('KE');
  await page.getByLabel('Region', { exact: true }).selectOption({ label: 'Africa' });
  const languages = page.getByRole('group', { name: 'Languages you can take part in' });
  await languages.getByLabel('Kiswahili').check();
  await languages.getByLabel('English').check();
  await page.getByLabel('I accept these principles').check();
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You are registered.' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to where you were' }).click();
  await expect(page).toHaveURL(new RegExp(`/s/${sessionId}$`));
}

test('a delegate waitlisted for a full session is offered the place another gave up, accepts it, and finds it in their agenda and calendar feed', async ({
  browser,
}) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-registration-'));
  // Its own platform: its first-run request (as the screen sends it) makes the administrator who reads the outbox.
  const server = createOwnServer(await freePort(), dataDir, { DEMO: 'false' });
  const pages: Page[] = [];
  try {
    await server.start();
    const organiser = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
    pages.push(organiser);
    const session = await publishOnePlaceSession(organiser, dataDir);
    const sessionId = session.id;
    const bo = await openDelegate(browser, server.baseURL, organiser, 'Bo', EVENT.timeZone);
    pages.push(bo);
    const amina = await openDelegate(browser, server.baseURL, organiser, 'Amina', AMINA_ZONE);
    pages.push(amina);
    const boPanel = bo.getByRole('region', { name: 'Registration' });
    const aminaPanel = amina.getByRole('region', { name: 'Registration' });

    await test.step('Bo registers for the event through its form, and takes the only place', async () => {
      await bo.goto(`/s/${sessionId}`);
      await expect(bo.getByRole('heading', { name: SESSION_TITLE, level: 1 })).toBeVisible();
      await expect(boPanel.getByText('1 place left', { exact: true })).toBeVisible();
      await registerForEventFromSession(bo, sessionId);
      await boPanel.getByRole('button', { name: 'Register', exact: true }).click();
      await expect(boPanel.getByRole('status')).toHaveText('You have a place. It is in your agenda.');
      await expect(boPanel.getByText('You have a place.', { exact: true })).toBeVisible();
      await expect(boPanel.getByText('Full', { exact: true })).toBeVisible();
    });

    await test.step('Amina registers for the event, finds the session full, and joins its waiting list: number 1', async () => {
      await amina.goto(`/s/${sessionId}`);
      await expect(aminaPanel.getByText('Full', { exact: true })).toBeVisible();
      await registerForEventFromSession(amina, sessionId);
      await aminaPanel.getByRole('button', { name: 'Join the waiting list' }).click();
      await expect(aminaPanel.getByRole('status')).toHaveText('The session is full: you are number 1 in line.');
      await expect(aminaPanel.getByText('You are number 1 in line.', { exact: true })).toBeVisible();
      await expect(aminaPanel).toContainText('If a place frees up, it is offered to you here and in your agenda, for 24 hours.');
      await expect(aminaPanel.getByText('Full: 1 waiting', { exact: true })).toBeVisible();
    });

    await test.step('Bo cancels their place, confirming first', async () => {
      await boPanel.getByRole('button', { name: 'Cancel my place' }).click();
      const dialog = bo.getByRole('dialog', { name: 'Cancel your place?' });
      await expect(dialog).toContainText('Your place goes to the next person in line');
      await dialog.getByRole('button', { name: 'Cancel my place' }).click();
      await expect(boPanel.getByRole('status')).toHaveText('You gave up your place.');
      // The freed place is held for Amina: nobody else can take it meanwhile.
      await expect(boPanel.getByRole('button', { name: 'Join the waiting list' })).toBeVisible();
    });

    await test.step('the administrator finds the offer to Amina in the outbox, naming the session', async () => {
      const offer = await outboxMessage(organiser, 'amina@example.org', 'waiting-list-offer');
      expect(offer.subject).toBe(`A place is free for you: ${SESSION_TITLE}`);
      expect(offer.text).toContain(`A place has become free in "${SESSION_TITLE}" (${EVENT.name})`);
      expect(offer.text).toContain(`${server.baseURL}/s/${sessionId}`);
      await organiser.goto('/console/outbox');
      const letter = organiser.getByRole('article', { name: `A place is free for you: ${SESSION_TITLE}` });
      await expect(letter).toContainText('Held: pass it on');
      await expect(letter).toContainText('amina@example.org');
      await expect(letter).toContainText(`Accept it or decline it on the session's page: ${server.baseURL}/s/${sessionId}`);
    });

    await test.step('Amina sees the offer with its deadline in her own time, and accepts it', async () => {
      await amina.reload();
      const mine = ((await (await amina.request.get(`/api/sessions/${sessionId}/registration`)).json()) as SessionRegistrationState).mine;
      expect(mine?.state).toBe('offered');
      // The event's default: the offer holds for a day.
      expect(Date.parse(mine!.offerExpiresAt!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
      await expect(aminaPanel).toContainText(`A place is yours until ${offerDeadline(mine!.offerExpiresAt!, AMINA_ZONE, 'en')}.`);
      await aminaPanel.getByRole('button', { name: 'Accept the place' }).click();
      await expect(aminaPanel.getByRole('status')).toHaveText('The place is yours. It is in your agenda.');
      await expect(aminaPanel.getByText('You have a place.', { exact: true })).toBeVisible();
    });

    await test.step('the session is in Amina’s agenda as a place, and in her private calendar feed', async () => {
      await aminaPanel.getByRole('link', { name: 'My agenda' }).click();
      await expect(amina.getByRole('heading', { name: 'My agenda', level: 1 })).toBeVisible();
      const entry = amina.getByRole('article', { name: SESSION_TITLE });
      await expect(entry).toContainText(EVENT.name);
      await expect(entry).toContainText('You have a place');

      const feed = amina.getByRole('region', { name: 'Calendar feed' });
      await feed.getByRole('button', { name: 'Turn on the calendar feed' }).click();
      await expect(feed.getByRole('status').filter({ hasText: 'The calendar feed is on.' })).toBeVisible();
      const feedUrl = await feed.getByLabel('Your calendar feed’s address').inputValue();
      // As a calendar app reads it: no cookie, the address is the key.
      const response = await fetch(feedUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
      const calendar = new ICAL.Component(ICAL.parse(await response.text()));
      for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
      const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
      expect(events.map((event) => event.summary)).toEqual([SESSION_TITLE]);
      expect(events[0]!.startDate.toJSDate().toISOString()).toBe(session.startsAt);
    });
  } finally {
    for (const page of pages) await page.context().close().catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
