import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConsoleApplication, ConsoleCall } from '../shared/calls.js';
import type { ConsolePage, ConsoleSession, OutboxEntry } from '../shared/console.js';
import type { EventSummary } from '../shared/programme.js';
import { wallTimeOf } from '../shared/timeZones.js';
import { expect, test, type APIRequestContext, type Browser, type Page } from './fixtures.js';
import { createOwnServer, freePort, type OwnServer } from './ownServer.js';
import { expectDecodesVideoFrom, expectReceivesAudioFrom, peerIdOf, tileOf } from './participant.js';

const EVENT = { name: 'Accra Civic Futures', slug: 'accra-civic-futures', timeZone: 'Africa/Accra' };
const TAKE_PART = `Take part in ${EVENT.name}`;
const VERIFY_LINK = /https?:\/\/\S+\/account\/verify\?token=[A-Za-z0-9_-]{43}/;
const MAILING_LIST_CONFIRM_LINK = /https?:\/\/\S+\/mailing-list\/confirm\?token=[A-Za-z0-9_-]{43}/;
const HOUR = 3_600_000;

/** A POST as the page would send it: with the CSRF token of the context's current sign-in (a sign-in changes it). */
async function post<T>(request: APIRequestContext, url: string, data: unknown): Promise<T> {
  const { csrfToken } = (await (await request.get('/api/account/csrf')).json()) as { csrfToken: string };
  const response = await request.post(url, { headers: { 'x-csrf-token': csrfToken }, data });
  expect(response.ok(), `POST ${url}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.ok(), `GET ${url}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** What the administrator's outbox holds for one address, as they read it. */
async function outboxTo(organiser: Page, email: string): Promise<OutboxEntry[]> {
  const outbox = await getJson<ConsolePage<OutboxEntry>>(organiser.request, '/api/console/outbox');
  return outbox.items.filter((entry) => entry.to === email);
}

/** The held message of `kind` to `email` (waits until there is one). */
async function outboxMessage(organiser: Page, email: string, kind: string): Promise<OutboxEntry> {
  let found: OutboxEntry | undefined;
  await expect
    .poll(async () => {
      found = (await outboxTo(organiser, email)).find((entry) => entry.kind === kind);
      return found?.state;
    }, { message: `a ${kind} message to ${email} is held in the outbox` })
    .toBe('held');
  return found!;
}

/** A fresh platform (demo off): its first organiser, signed in on `organiser`, made with the setup code; the event published. */
interface Platform {
  server: OwnServer;
  organiser: Page;
  event: EventSummary;
  /** A browser context on this platform, closed with it. */
  open(options?: { timezoneId?: string }): Promise<Page>;
}

/** Runs `body` on a platform of its own: its first-run request (as the screen sends it) makes the administrator who reads the outbox. */
async function onFreshPlatform(browser: Browser, body: (platform: Platform) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-participation-'));
  const server = createOwnServer(await freePort(), dataDir, { DEMO: 'false' });
  const pages: Page[] = [];
  const open = async (options: { timezoneId?: string } = {}) => {
    const page = await (await browser.newContext({ baseURL: server.baseURL, ...options })).newPage();
    pages.push(page);
    return page;
  };
  try {
    await server.start();
    const organiser = await open();
    // The session of the first test starts five minutes ago: the event's first day is that one's.
    const firstDay = wallTimeOf(new Date(Date.now() - HOUR), EVENT.timeZone).slice(0, 10);
    const event = await post<EventSummary>(organiser.request, '/api/console/first-run', {
      setupCode: (await readFile(path.join(dataDir, 'setup-code'), 'utf8')).trim(),
      account: { email: 'olga@example.org', password: 'Olga keeps a long passphrase', displayName: 'Olga' },
      event: { ...EVENT, startsOn: firstDay, endsOn: wallTimeOf(new Date(Date.now() + 3 * 86_400_000), EVENT.timeZone).slice(0, 10) },
    });
    await post(organiser.request, `/api/console/events/${event.id}/status`, { status: 'published' });
    await body({ server, organiser, event, open });
  } finally {
    for (const page of pages) await page.context().close().catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Someone's own browser, with an account made through the API their page would call, confirmed through the outbox link, and signed in. */
async function openSignedIn(platform: Platform, name: string): Promise<Page> {
  const page = await platform.open();
  const email = `${name.toLowerCase()}@example.org`;
  const password = `${name} keeps a long passphrase`;
  await post(page.request, '/api/account/sign-up', { email, password, displayName: name });
  const link = VERIFY_LINK.exec((await outboxMessage(platform.organiser, email, 'verify')).text ?? '')?.[0] ?? '';
  await post(page.request, '/api/account/verify', { token: new URL(link).searchParams.get('token') });
  await post(page.request, '/api/account/sign-in', { email, password });
  return page;
}

/** Joins a room from its pre-join page, with one's account, and waits until in. */
async function joinWithAccount(page: Page, roomId: string, name: string): Promise<void> {
  await page.goto(`/r/${roomId}`);
  await expect(page.getByText(`You join as ${name}, with your account: your roles in this event come with it.`)).toBeVisible();
  await expect(page.getByTestId('self-tile').locator('video')).toBeVisible();
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
}

test('an applicant applies to be an ignite speaker, the organiser accepts, and the applicant can join that session on stage', async ({ browser }) => {
  const SESSION_TITLE = 'Ignite: five minutes to change a city';
  const CALL_TITLE = 'Speak at the ignite talks';
  const QUESTIONS = ['What will you show in five minutes?', 'Who have you worked with?'];
  const PROPOSAL = 'Street budgets in Kumasi';
  const ANSWERS = ['How neighbours decide a share of the city budget.', 'The Kumasi residents’ assembly.'];
  const MESSAGE = 'See you on stage';

  await onFreshPlatform(browser, async (platform) => {
    const { organiser, event } = platform;
    const eventApi = `/api/console/events/${event.id}`;
    let session: ConsoleSession;
    let call: ConsoleCall;

    await test.step('the organiser publishes a virtual ignite session that is live now, and opens a call for its speakers', async () => {
      // Live now, on the organisers' clock: started five minutes ago, for an hour more.
      const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
      session = await post<ConsoleSession>(organiser.request, `${eventApi}/sessions`, {
        kind: 'ignite-talks',
        title: SESSION_TITLE,
        startsAt: wallTimeOf(startsAt, EVENT.timeZone),
        endsAt: wallTimeOf(new Date(startsAt.getTime() + 65 * 60_000), EVENT.timeZone),
        timeZone: EVENT.timeZone,
        format: 'virtual',
        languages: ['en'],
      });
      expect(session.roomId).toBeTruthy();
      await post(organiser.request, `${eventApi}/sessions/${session.id}/status`, { status: 'published' });
      call = await post<ConsoleCall>(organiser.request, `${eventApi}/calls`, {
        kind: 'ignite-speaker',
        title: CALL_TITLE,
        description: 'Five minutes, twenty slides: show what worked in your city.',
        sessionId: session.id,
        questions: QUESTIONS,
        closesAt: wallTimeOf(new Date(Date.now() + 24 * HOUR), EVENT.timeZone),
        timeZone: EVENT.timeZone,
        status: 'open',
      });
      expect(call.isOpen).toBe(true);
    });

    const ama = await openSignedIn(platform, 'Ama');

    await test.step('the applicant finds the call under "Take part" on the landing page, and applies', async () => {
      await ama.goto('/');
      const openCalls = ama.getByRole('region', { name: TAKE_PART }).getByRole('region', { name: 'Open calls' });
      const card = openCalls.getByRole('listitem').filter({ hasText: CALL_TITLE });
      await expect(card).toContainText('Ignite speakers');
      await expect(card).toContainText(`For the session ${SESSION_TITLE}`);
      await expect(card).toContainText('Apply by');
      await card.getByRole('link', { name: CALL_TITLE }).click();
      await expect(ama).toHaveURL(new RegExp(`/calls/${call.id}$`));
      await expect(ama.getByRole('heading', { name: CALL_TITLE, level: 1 })).toBeVisible();
      await expect(ama.getByRole('link', { name: SESSION_TITLE })).toHaveAttribute('href', `/s/${session.id}`);

      const yours = ama.getByRole('region', { name: 'Your application' });
      await yours.getByLabel('Your proposal, in a line').fill(PROPOSAL);
      await yours.getByLabel(QUESTIONS[0]!).fill(ANSWERS[0]!);
      await yours.getByLabel(QUESTIONS[1]!).fill(ANSWERS[1]!);
      await yours.getByRole('button', { name: 'Apply', exact: true }).click();
      await expect(yours.getByRole('status')).toHaveText('Your application is sent. The organisers’ decision will come by email.');
      await expect(yours.getByText('State: Submitted', { exact: true })).toBeVisible();
      await expect(yours).toContainText('The organisers have your application. Their decision will come by email.');
      // Still open: the form stays, holding what was sent, to change until the deadline.
      await expect(yours.getByLabel('Your proposal, in a line')).toHaveValue(PROPOSAL);
      await expect(yours.getByRole('button', { name: 'Save changes' })).toBeVisible();
    });

    await test.step('the organiser finds the application with its answers, and accepts it with a message', async () => {
      const applications = await getJson<ConsolePage<ConsoleApplication>>(organiser.request, `${eventApi}/applications?callId=${call.id}`);
      expect(applications.items).toHaveLength(1);
      const application = applications.items[0]!;
      expect(application).toMatchObject({ email: 'ama@example.org', displayName: 'Ama', summary: PROPOSAL, answers: ANSWERS, state: 'submitted' });
      const decided = await post<ConsoleApplication>(organiser.request, `${eventApi}/applications/${application.id}/decision`, {
        decision: 'accept',
        message: MESSAGE,
      });
      expect(decided.state).toBe('accepted');
    });

    await test.step('the applicant reads the decision and the message on the call page; the letter is in the outbox', async () => {
      await ama.reload();
      const yours = ama.getByRole('region', { name: 'Your application' });
      await expect(yours.getByText('State: Accepted', { exact: true })).toBeVisible();
      await expect(yours).toContainText('Your application is accepted.');
      await expect(yours.getByRole('region', { name: 'The organisers’ message' })).toContainText(MESSAGE);
      // Decided: nothing left to change or withdraw.
      await expect(yours.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
      await expect(yours.getByRole('button', { name: 'Withdraw my application' })).toHaveCount(0);

      const letter = await outboxMessage(organiser, 'ama@example.org', 'application-accepted');
      expect(letter.subject).toBe(`Accepted: ${PROPOSAL} (${CALL_TITLE})`);
      expect(letter.text).toContain(`The organisers of ${EVENT.name} accepted your application to "${CALL_TITLE}": ${PROPOSAL}.`);
      expect(letter.text).toContain(`A word from the organisers:\n\n${MESSAGE}`);
    });

    await test.step('the applicant joins the session’s room with their account, on stage as a speaker', async () => {
      await joinWithAccount(ama, session.roomId!, 'Ama');
      const stage = ama.getByRole('list', { name: /^On stage: / });
      // One's own tile on stage, with the badge the others see.
      await expect(stage.getByTestId('self-tile')).toContainText('Speaker');
      // A speaker's controls: microphone and camera, leaving the stage; no hand to raise.
      const toolbar = ama.getByRole('toolbar');
      await expect(toolbar.getByRole('button', { name: 'Mute microphone' })).toBeVisible();
      await expect(toolbar.getByRole('button', { name: 'Turn camera off' })).toBeVisible();
      await expect(toolbar.getByRole('button', { name: 'Leave the stage' })).toBeVisible();
      await expect(toolbar.getByRole('button', { name: 'Raise hand' })).toHaveCount(0);
    });

    await test.step('the organiser, in the room too, sees the speaker on stage and decodes their camera and microphone', async () => {
      await joinWithAccount(organiser, session.roomId!, 'Olga');
      const tile = tileOf(organiser, 'Ama');
      await expect(tile).toContainText('Speaker');
      const amaPeerId = await peerIdOf(tile);
      await expectDecodesVideoFrom(organiser, amaPeerId);
      await expectReceivesAudioFrom(organiser, amaPeerId);
    });
  });
});

test('a visitor signs up to the mailing list and confirms', async ({ browser }) => {
  const TOPICS = ['Civic space', 'Open budgets'];
  const EMAIL = 'kofi@example.org';

  await onFreshPlatform(browser, async (platform) => {
    const { organiser, event } = platform;
    for (const name of TOPICS) await post(organiser.request, `/api/console/events/${event.id}/topics`, { name });
    const visitor = await platform.open();

    await test.step('a visitor without an account joins the list from the landing page, with a topic, a region and a language', async () => {
      await visitor.goto('/');
      const mailingList = visitor.getByRole('region', { name: TAKE_PART }).getByRole('region', { name: 'Mailing list' });
      // The form loads once its place comes near the screen.
      await mailingList.scrollIntoViewIfNeeded();
      await mailingList.getByLabel('Email address').fill(EMAIL);
      const topics = mailingList.getByRole('group', { name: 'Topics you are interested in' });
      await expect(topics.getByRole('checkbox')).toHaveCount(TOPICS.length);
      await topics.getByLabel('Open budgets').check();
      await mailingList.getByLabel('Your region').selectOption({ label: 'Africa' });
      await mailingList.getByLabel('Language you would like our messages in').selectOption({ label: 'Français' });
      await mailingList.getByRole('button', { name: 'Join the mailing list' }).click();
      await expect(mailingList.getByRole('status')).toHaveText('Check your email: confirm your address to join the list.');
    });

    let link = '';
    await test.step('the confirmation is the only letter to that address, and its link opens the confirmation page', async () => {
      const letter = await outboxMessage(organiser, EMAIL, 'mailing-list-confirm');
      expect(letter.subject).toBe(`Confirm: ${EVENT.name} mailing list`);
      link = MAILING_LIST_CONFIRM_LINK.exec(letter.text ?? '')?.[0] ?? '';
      expect(link, 'the confirmation link in the letter').toContain(`${platform.server.baseURL}/mailing-list/confirm?token=`);
      // Double opt-in: nothing but the confirmation goes to an unconfirmed address.
      expect((await outboxTo(organiser, EMAIL)).map((entry) => entry.kind)).toEqual(['mailing-list-confirm']);
    });

    await test.step('the visitor confirms with the button, and finds the preferences they chose', async () => {
      await visitor.goto(link);
      await expect(visitor.getByRole('heading', { name: 'Join the mailing list', level: 1 })).toBeVisible();
      await expect(visitor.getByText('Press the button to confirm your address and join the list.')).toBeVisible();
      await visitor.getByRole('button', { name: 'Confirm my subscription' }).click();
      const outcome = visitor.getByRole('status');
      await expect(outcome).toContainText(`is on the mailing list of ${EVENT.name}.`);
      await expect(outcome).toContainText('Each message we send has a link to change your preferences or to leave the list.');
      await outcome.getByRole('link', { name: 'Choose what you hear about now' }).click();

      await expect(visitor).toHaveURL(/\/mailing-list\/preferences\?m=[0-9a-f-]{36}&t=[A-Za-z0-9_-]{43}$/);
      await expect(visitor.getByRole('heading', { name: 'Your mailing-list preferences', level: 1 })).toBeVisible();
      await expect(visitor.getByText(`on the mailing list of ${EVENT.name}`)).toBeVisible();
      const topics = visitor.getByRole('group', { name: 'Topics you are interested in' });
      await expect(topics.getByLabel('Open budgets')).toBeChecked();
      await expect(topics.getByLabel('Civic space')).not.toBeChecked();
      await expect(visitor.getByLabel('Your region')).toHaveValue('africa');
      await expect(visitor.getByLabel('Language you would like our messages in')).toHaveValue('fr');
    });
  });
});
