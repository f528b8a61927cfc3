/**
 * programme-load: a large event's public pages and registrations under
 * concurrent load, and what its programme page weighs on a first visit.
 * Usage: `npm run bench -- programme-load` (a few minutes).
 *
 * Server. The real server (server/index.ts, its own process, one media
 * worker) on a fresh PostgreSQL database, the client built from this
 * checkout. The event is written straight into the database: 1,000
 * published sessions over five days and ten topics, each naming two of
 * 200 speakers (with biographies and photos' names); 20,000 accounts
 * registered for the event; 50 "nearly full" sessions of 400 places with
 * 395 taken, and 20,000 more places spread over the others.
 *
 * Load. CONCURRENCY clients in this process send REQUESTS requests, a
 * mix: the programme filtered (by topic, by day in a zone, by language),
 * session pages, agendas (signed in), and registrations into the nearly
 * full sessions (signed in, with the CSRF token: they fill the last places,
 * then join the waiting lists under the sessions' row locks). Each request's
 * time is taken from sending to the whole body read. Figures: p95 per kind.
 * The baseline, in the same run under the same concurrency, is /healthz
 * (the HTTP stack and this process, without the database).
 *
 * Weight. programme_page_kb: Chromium's own count (DevTools
 * `encodedDataLength`, every HTTP response) of `/`, the public programme
 * page, opened in a fresh context until the programme is shown and the
 * network idle, as in first-load; baseline_programme_page_kb: the same
 * page with compression refused; programme_json_kb: the programme's own
 * answer (all 1,000 sessions) as sent gzipped, the part this issue adds.
 */
import { execFile } from 'node:child_process';
import { get } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { openDatabase } from '../server/db/database.js';
import { sourceMapsDirOf } from '../server/http/sourceMapsDir.js';
import { newToken, tokenDigest } from '../server/accounts/secrets.js';
import { HttpBrowser } from '../server/test/httpBrowser.js';
import { createTestDatabase } from '../server/test/postgres.js';
import { spawnServer } from '../server/test/serverProcess.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../server/test/testEnvironment.js';
import { closeOnInterrupt, createResourceStack, runClosingOnFailure } from './chatFanout/resourceStack.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SESSIONS = 1_000;
const SPEAKERS = 200;
const REGISTRATIONS = 20_000;
const NEARLY_FULL = 50;
const NEARLY_FULL_CAPACITY = 400;
const NEARLY_FULL_TAKEN = 395;
const TOPICS = 10;
const DAYS = ['2027-03-22', '2027-03-23', '2027-03-24', '2027-03-25', '2027-03-26'];
const LANGUAGES = ['en', 'es', 'fr', 'pt', 'ar'];
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const REQUESTS = Number(process.env.REQUESTS ?? 3_000);
/** Signed-in people the load uses (each registers at most once). */
const SIGNED_IN = 600;
const SLUG = 'icsw-load';

const log = (line: string) => process.stderr.write(`${line}\n`);
const resources = createResourceStack(log);
const interrupt = closeOnInterrupt(resources, log);

type Kind = 'programme' | 'session' | 'agenda' | 'register' | 'healthz';

const p95 = (values: number[]) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]! * 10) / 10;
};
const pick = <T>(items: readonly T[], index: number) => items[index % items.length]!;

/** The event, written straight into the database in bulk (the console would take hours of clicking). */
async function seed(databaseUrl: string, dataDir: string) {
  const db = await openDatabase({ databaseUrl, dataDir, logger: pino({ level: 'silent' }) });
  try {
    const prisma = db.prisma;
    const event = await prisma.event.create({
      data: {
        slug: SLUG,
        name: 'International Civil Society Week (load)',
        theme: 'Rebuilding trust: people, power and peace',
        description: 'A week of webinars, ignite talks and buzz groups.',
        timeZone: 'Europe/Belgrade',
        startsOn: DAYS[0]!,
        endsOn: DAYS.at(-1)!,
        status: 'published',
        principles: ['Inclusion', 'Safety', 'Solidarity'],
      },
    });
    const topics = await Promise.all(
      Array.from({ length: TOPICS }, (_, index) => prisma.topic.create({ data: { eventId: event.id, name: `Topic ${index + 1}`, position: index } })),
    );
    const people = Array.from({ length: SPEAKERS }, (_, index) => ({
      id: randomUUID(),
      eventId: event.id,
      name: `Speaker ${index + 1}`,
      organisation: `Organisation ${index % 40}`,
      country: pick(['KE', 'RS', 'BR', 'IN', 'ZA', 'FR', 'PH', 'MX'], index),
      biography: `Speaker ${index + 1} works on civic space, ${'rights, organising and movements; '.repeat(8)}`,
    }));
    await prisma.person.createMany({ data: people });
    const sessions = Array.from({ length: SESSIONS }, (_, index) => {
      const day = pick(DAYS, index);
      const hour = 6 + (index % 14);
      const startsAt = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
      return {
        id: randomUUID(),
        eventId: event.id,
        topicId: pick(topics, index).id,
        kind: pick(['webinar', 'ignite-talks', 'buzz-groups', 'concurrent-event'], index),
        title: `Session ${index + 1}: ${pick(['Civic space', 'Climate justice', 'Digital rights', 'Peacebuilding', 'Local democracy'], index)}`,
        description: `What session ${index + 1} is about: ${'civil society, trust and power. '.repeat(4)}`,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        timeZone: 'Europe/Belgrade',
        format: 'in-person',
        place: 'Belgrade',
        languages: [pick(LANGUAGES, index), 'en'].filter((value, position, all) => all.indexOf(value) === position),
        status: 'published',
        capacity: index < NEARLY_FULL ? NEARLY_FULL_CAPACITY : null,
      };
    });
    await prisma.session.createMany({ data: sessions });
    await prisma.sessionPerson.createMany({
      data: sessions.flatMap((session, index) => [
        { sessionId: session.id, personId: pick(people, index * 2).id, role: 'speaker', position: 0 },
        { sessionId: session.id, personId: pick(people, index * 2 + 1).id, role: 'moderator', position: 1 },
      ]),
    });
    const accounts = Array.from({ length: REGISTRATIONS }, (_, index) => ({
      id: randomUUID(),
      email: `delegate${index}@load.example.org`,
      displayName: `Delegate ${index}`,
      passwordHash: 'unusable',
      emailVerifiedAt: new Date(),
    }));
    for (let start = 0; start < accounts.length; start += 5_000) {
      const chunk = accounts.slice(start, start + 5_000);
      await prisma.account.createMany({ data: chunk });
      await prisma.eventRegistration.createMany({
        data: chunk.map((account, index) => ({
          eventId: event.id,
          accountId: account.id,
          country: pick(['KE', 'RS', 'BR', 'IN'], index),
          region: pick(['africa', 'europe', 'latin-america', 'asia-pacific'], index),
          languages: [pick(LANGUAGES, index)],
          consentsToRecording: index % 2 === 0,
        })),
      });
    }
    // The nearly full sessions' places go to the accounts the load does not use (it signs in the first SIGNED_IN).
    const places: { sessionId: string; accountId: string; state: string }[] = [];
    let next = SIGNED_IN;
    for (const session of sessions.slice(0, NEARLY_FULL)) {
      for (let taken = 0; taken < NEARLY_FULL_TAKEN; taken++) places.push({ sessionId: session.id, accountId: accounts[SIGNED_IN + ((next++ - SIGNED_IN) % (REGISTRATIONS - SIGNED_IN))]!.id, state: 'registered' });
    }
    // And 20,000 more, spread over the sessions without a limit (some for the load's own people: their agendas).
    for (let index = 0; index < REGISTRATIONS; index++) {
      places.push({ sessionId: sessions[NEARLY_FULL + (index % (SESSIONS - NEARLY_FULL))]!.id, accountId: accounts[index]!.id, state: 'registered' });
    }
    const unique = [...new Map(places.map((place) => [`${place.sessionId}:${place.accountId}`, place])).values()];
    for (let start = 0; start < unique.length; start += 5_000) await prisma.sessionRegistration.createMany({ data: unique.slice(start, start + 5_000) });
    // The load's people are signed in (a session row each, as signing in leaves it).
    const cookies = accounts.slice(0, SIGNED_IN).map(() => newToken());
    await prisma.accountSession.createMany({
      data: cookies.map((token, index) => ({ id: tokenDigest(token), accountId: accounts[index]!.id, expiresAt: new Date(Date.now() + 86_400_000) })),
    });
    return {
      topicIds: topics.map((topic) => topic.id),
      sessionIds: sessions.map((session) => session.id),
      nearlyFull: sessions.slice(0, NEARLY_FULL).map((session) => session.id),
      cookies,
      places: unique.length,
    };
  } finally {
    await db.close();
  }
}

async function run(): Promise<void> {
  const clientDir = await mkdtemp(path.join(os.tmpdir(), 'convene-programme-load-client-'));
  resources.push(() => rm(clientDir, { recursive: true, force: true }));
  resources.push(() => rm(sourceMapsDirOf(clientDir), { recursive: true, force: true }));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-programme-load-data-'));
  resources.push(() => rm(dataDir, { recursive: true, force: true }));
  log('programme-load: building the client (vite build, as in production)…');
  await promisify(execFile)(path.join(repoRoot, 'node_modules/.bin/vite'), ['build', '--outDir', clientDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: repoRoot });

  const database = await createTestDatabase();
  resources.push(() => database.drop());
  log('programme-load: starting the server…');
  const server = await spawnServer(
    { DATA_DIR: dataDir, CLIENT_DIR: clientDir, LOG_LEVEL: 'warn', DATABASE_URL: database.url, REDIS_URL: '', DEMO: 'false' },
    { timeoutMs: 120_000 },
  );
  resources.push(() => server.stop());
  log(`programme-load: writing ${SESSIONS} sessions, ${SPEAKERS} speakers, ${REGISTRATIONS} registrations…`);
  const seeded = await seed(database.url, dataDir);
  log(`  ${seeded.places} places in sessions`);

  const people = await Promise.all(
    seeded.cookies.map(async (token) => {
      const browser = new HttpBrowser(server.url);
      browser.adoptSession(token);
      await browser.refreshCsrf();
      return browser;
    }),
  );

  // Warm up: the first requests pay for connections and compiled queries.
  for (let index = 0; index < 20; index++) await fetch(`${server.url}/api/events/${SLUG}?topic=${pick(seeded.topicIds, index)}`).then((answer) => answer.arrayBuffer());

  const times: Record<Kind, number[]> = { programme: [], session: [], agenda: [], register: [], healthz: [] };
  const outcomes = { registered: 0, waiting: 0, failed: 0 };
  let registrants = 0;
  const request = async (index: number): Promise<void> => {
    const roll = index % 20;
    const started = performance.now();
    let kind: Kind;
    if (roll < 7) {
      kind = 'programme';
      const filter = pick(
        [`topic=${pick(seeded.topicIds, index)}`, `day=${pick(DAYS, index)}&zone=America%2FSao_Paulo`, `language=${pick(LANGUAGES, index)}&day=${pick(DAYS, index + 1)}`],
        index,
      );
      const answer = await fetch(`${server.url}/api/events/${SLUG}?${filter}`, { headers: { 'accept-encoding': 'gzip' } });
      await answer.arrayBuffer();
      if (!answer.ok) outcomes.failed += 1;
    } else if (roll < 12) {
      kind = 'session';
      const answer = await fetch(`${server.url}/api/sessions/${pick(seeded.sessionIds, index * 7)}`, { headers: { 'accept-encoding': 'gzip' } });
      await answer.arrayBuffer();
      if (!answer.ok) outcomes.failed += 1;
    } else if (roll < 15) {
      kind = 'agenda';
      const answer = await pick(people, index).call('GET', '/api/agenda');
      if (answer.status !== 200) outcomes.failed += 1;
    } else if (roll < 18 && registrants < people.length) {
      kind = 'register';
      const person = people[registrants++]!;
      const answer = await person.call('POST', `/api/sessions/${pick(seeded.nearlyFull, index)}/registration`);
      const state = (answer.body?.mine as { state?: string } | undefined)?.state;
      if (state === 'registered') outcomes.registered += 1;
      else if (state === 'waiting') outcomes.waiting += 1;
      else outcomes.failed += 1;
    } else {
      kind = 'healthz';
      await (await fetch(`${server.url}/healthz`)).arrayBuffer();
    }
    times[kind].push(performance.now() - started);
  };
  log(`programme-load: ${REQUESTS} requests from ${CONCURRENCY} clients at once…`);
  let nextIndex = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextIndex < REQUESTS) await request(nextIndex++);
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  for (const kind of Object.keys(times) as Kind[]) log(`  ${kind.padEnd(9)} ${String(times[kind].length).padStart(5)} requests, p95 ${p95(times[kind])} ms`);
  log(`  ${(REQUESTS / seconds).toFixed(0)} requests/s; registrations: ${outcomes.registered} places, ${outcomes.waiting} in line; ${outcomes.failed} failed`);

  log('programme-load: weighing the programme page in Chromium…');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  resources.push(() => browser.close());
  const weigh = async (compressed: boolean) => {
    const context = await browser.newContext({ baseURL: server.url, ...(compressed ? {} : { extraHTTPHeaders: { 'accept-encoding': 'identity' } }) });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await page.goto('/');
    await page.getByRole('heading', { name: 'International Civil Society Week (load)' }).first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => log('  (network not idle; measured as it is)'));
    await context.close();
    return bytes;
  };
  // The programme's own answer, as sent gzipped (the rest of the page is the client's code and style).
  const programmeJsonBytes = await new Promise<number>((resolve, reject) => {
    get(`${server.url}/api/events/${SLUG}`, { headers: { 'accept-encoding': 'gzip' } }, (answer) => {
      let bytes = 0;
      answer.on('data', (chunk: Buffer) => (bytes += chunk.length));
      answer.on('end', () => resolve(bytes));
    }).on('error', reject);
  });
  const pageBytes = await weigh(true);
  const baselineBytes = await weigh(false);
  const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  log(`  programme page ${kb(pageBytes)} KB compressed (its programme ${kb(programmeJsonBytes)} KB of it), ${kb(baselineBytes)} KB without compression`);

  process.stdout.write(
    `${JSON.stringify({
      bench: 'programme-load',
      sessions: SESSIONS,
      speakers: SPEAKERS,
      registrations: REGISTRATIONS,
      concurrency: CONCURRENCY,
      requests: REQUESTS,
      p95_programme_ms: p95(times.programme),
      p95_session_ms: p95(times.session),
      p95_agenda_ms: p95(times.agenda),
      p95_register_ms: p95(times.register),
      registrations_placed: outcomes.registered,
      registrations_waiting: outcomes.waiting,
      failed: outcomes.failed,
      programme_page_kb: kb(pageBytes),
      programme_json_kb: kb(programmeJsonBytes),
      baseline_p95_healthz_ms: p95(times.healthz),
      baseline_programme_page_kb: kb(baselineBytes),
    })}\n`,
  );
}

await runClosingOnFailure(run, resources, interrupt);
await resources.closeAll();
