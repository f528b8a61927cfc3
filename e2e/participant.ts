import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import type { Role } from '../shared/events.js';
import type { RoomSummary } from '../shared/http.js';
import { invitationToken, type InvitingServer } from './invitations.js';
// The media assertions below take a Chromium (Playwright) or a Firefox (puppeteer) page.
import type { ScriptablePage } from './roomStatusLog.js';
import type { InboundRtpSummary } from '../client/src/media/inboundRtpStats.js';

/** One person: their own browser context (separate storage, own fake devices) and page. */
export interface Participant {
  name: string;
  context: BrowserContext;
  page: Page;
}

/**
 * Opens a person's browser. A repeated run of a test gets names of its own
 * ("Mo 2"): the shared server keeps people whose tab closed for the
 * reconnection grace period, and they must not be mistaken for the new ones.
 */
export async function openParticipant(browser: Browser, name: string, baseURL?: string): Promise<Participant> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  const page = await context.newPage();
  const repeat = test.info().repeatEachIndex;
  return { name: repeat === 0 ? name : `${name} ${repeat + 1}`, context, page };
}

/** The people of one test: opened one by one, all closed at the end. */
export interface Cast {
  people: Participant[];
  open(name: string): Promise<Participant>;
  /**
   * Closes every browser. With `leave`, each still in a room first clicks
   * Leave, which frees the room at once for the next spec (a closed tab
   * would linger for the reconnection grace period).
   */
  close(options?: { leave?: boolean }): Promise<void>;
}

export function createCast(browser: Browser): Cast {
  const people: Participant[] = [];
  return {
    people,
    async open(name) {
      const person = await openParticipant(browser, name);
      people.push(person);
      return person;
    },
    async close({ leave = false } = {}) {
      for (const person of people) {
        if (leave) await leaveRoom(person.page);
        await person.context.close();
      }
    },
  };
}

/**
 * Clicks Leave if the page is in a room. A page elsewhere (the library, a
 * pre-join form, the landing page after leaving) has nothing to leave:
 * waiting there for a Leave button that never comes cost 20 s a person. A
 * dialog left open (an invitation to the stage, the invite panel) makes the
 * room behind it inert and takes the click: Escape dismisses it first, as
 * ModalDialog does for anyone.
 */
async function leaveRoom(page: Page): Promise<void> {
  for (let tries = 0; tries < 3 && (await page.getByRole('dialog').first().isVisible()); tries += 1) {
    await page.keyboard.press('Escape');
  }
  const leave = page.getByRole('button', { name: 'Leave', exact: true });
  if (!(await leave.isVisible())) return;
  await leave.click({ timeout: 15_000 }).catch(() => undefined);
  await confirmLeaving(page);
}

/** A moderator is asked before leaving (LeaveButton): says yes, if asked; waits until the page left the room. */
async function confirmLeaving(page: Page): Promise<void> {
  const asked = page.getByRole('dialog', { name: 'Leave the session?' });
  await expect(asked.or(page.getByRole('heading', { name: 'Rooms' })))
    .toBeVisible({ timeout: 5_000 })
    .catch(() => undefined);
  if (await asked.isVisible()) await asked.getByRole('button', { name: 'Leave', exact: true }).click().catch(() => undefined);
}

/** The rooms as the landing page gets them. */
export async function listRooms(page: Page): Promise<RoomSummary[]> {
  const response = await page.request.get('/api/rooms');
  expect(response.ok()).toBe(true);
  return (await response.json()) as RoomSummary[];
}

/**
 * A demo room for one spec alone (specs share the server, and people who
 * closed their tab stay for the grace period).
 */
export async function roomForSpec(page: Page, index: number): Promise<RoomSummary> {
  const room = (await listRooms(page))[index];
  if (!room) throw new Error(`the server lists fewer than ${index + 1} demo rooms`);
  return room;
}

/** Enters through the landing page: type a name, pick the room, join. */
export async function joinFromLanding(participant: Participant, room: RoomSummary): Promise<void> {
  const { page } = participant;
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Convene', level: 1 })).toBeVisible();
  await page.getByLabel('Your name').fill(participant.name);
  // The room list's link (the programme above links the same title to the session's page).
  await page.getByRole('list', { name: 'Rooms' }).getByRole('link', { name: new RegExp(escapeRegExp(room.title)) }).click();
  await expect(page).toHaveURL(new RegExp(`/r/${escapeRegExp(room.id)}$`));
  await joinFromPreJoin(participant);
}

/**
 * Enters through the room's address, as someone following a shared link;
 * with a role, through an invitation link for it (the shared server's unless
 * `server` names another).
 */
export async function joinByLink(
  participant: Participant,
  room: RoomSummary,
  options: { role?: Role; server?: InvitingServer } = {},
): Promise<void> {
  const query = options.role ? `?invite=${await invitationToken(room.id, options.role, options.server)}` : '';
  await participant.page.goto(`/r/${room.id}${query}`);
  await participant.page.getByLabel('Your name').fill(participant.name);
  await joinFromPreJoin(participant);
}

async function joinFromPreJoin({ page }: Participant): Promise<void> {
  // The pre-join preview shows one's own camera before joining.
  await expect(page.getByTestId('self-tile').locator('video')).toBeVisible();
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
}

/** The tile another participant has on this page. */
export function tileOf(page: Page, displayName: string): Locator {
  return page.locator(`[data-testid="peer-tile"][data-display-name="${displayName}"]`);
}

export async function peerIdOf(tile: Locator): Promise<string> {
  const peerId = await tile.getAttribute('data-peer-id');
  expect(peerId).toBeTruthy();
  return peerId ?? '';
}

/** What `page` receives of one peer's track of one kind (and, optionally, source). */
export async function inboundFrom(
  page: ScriptablePage,
  peerId: string,
  kind: 'audio' | 'video',
  source?: InboundRtpSummary['source'],
): Promise<InboundRtpSummary | null> {
  const stats = await page.evaluate(() => window.__convene?.getInboundRtpStats() ?? Promise.resolve([]));
  const matching = stats.filter(
    (entry) =>
      entry.peerId === peerId &&
      entry.kind === kind &&
      entry.mid !== 'probator' &&
      (source ? entry.source === source : entry.source !== 'screen' && entry.source !== 'screen-audio'),
  );
  // A track consumed again (after a reconnection) shows up as a new entry: the busiest is the live one.
  return matching.sort((a, b) => b.packetsReceived - a.packetsReceived)[0] ?? null;
}

/** `page` decodes `peerId`'s camera: frames of a real size, and more of them over time. */
export async function expectDecodesVideoFrom(page: ScriptablePage, peerId: string): Promise<void> {
  let framesAtFirstPoll = 0;
  await expect
    .poll(async () => {
      const video = await inboundFrom(page, peerId, 'video');
      framesAtFirstPoll = video?.framesDecoded ?? 0;
      return framesAtFirstPoll > 0 && (video?.frameWidth ?? 0) > 0;
    }, { message: `frames of ${peerId}'s camera are decoded` })
    .toBe(true);
  await expect
    .poll(async () => (await inboundFrom(page, peerId, 'video'))?.framesDecoded ?? 0, {
      message: `frames of ${peerId}'s camera keep being decoded`,
    })
    .toBeGreaterThan(framesAtFirstPoll);
}

/** `page` receives `peerId`'s microphone: audio packets arrive, and keep arriving. */
export async function expectReceivesAudioFrom(page: ScriptablePage, peerId: string): Promise<void> {
  let packetsAtFirstPoll = 0;
  await expect
    .poll(async () => {
      packetsAtFirstPoll = (await inboundFrom(page, peerId, 'audio'))?.packetsReceived ?? 0;
      return packetsAtFirstPoll;
    }, { message: `audio packets of ${peerId} arrive` })
    .toBeGreaterThan(0);
  await expect
    .poll(async () => (await inboundFrom(page, peerId, 'audio'))?.packetsReceived ?? 0, {
      message: `audio packets of ${peerId} keep arriving`,
    })
    .toBeGreaterThan(packetsAtFirstPoll);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

