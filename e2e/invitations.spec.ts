import { expect, test, type Locator, type Page, type TestInfo } from './fixtures.js';
import { SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/events.js';
import type { CreateIdentityResponse } from '../shared/http.js';
import { PROTOCOL_VERSION } from '../shared/protocol.js';
import { resolveTokenSecret } from '../server/auth/tokens.js';
import { invitationToken } from './invitations.js';
import { createCast, joinByLink, roomForSpec } from './participant.js';

/**
 * A small demo room, shared with the accessibility and display-name specs
 * (see roomForSpec): each leaves it explicitly, and this one unlocks it.
 */
const ROOM_INDEX = 2;
const PHONE = { width: 375, height: 812 };

/**
 * Saves what a person sees, at desktop and phone size, for a human to look
 * at (test-results/); `fits`, if given, must not stick out sideways on the
 * phone. (The pre-join page's own fit at phone size is the phone journey's
 * to check.)
 */
async function screenshots(page: Page, testInfo: TestInfo, name: string, fits?: Locator): Promise<void> {
  const desktop = page.viewportSize();
  await page.screenshot({ path: testInfo.outputPath(`${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: testInfo.outputPath(`${name}-phone.png`), fullPage: true });
  if (fits) {
    const box = await fits.boundingBox();
    expect(box, `${name} is on screen`).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${name} fits in ${PHONE.width} px`).toBeLessThanOrEqual(PHONE.width);
  }
  if (desktop) await page.setViewportSize(desktop);
}

/** "Invite people": in the control bar, or in its More menu on a narrow screen. */
async function openInviteDialog(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Invite people', exact: true });
  if (await button.isVisible()) await button.click();
  else {
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Invite people' }).click();
  }
  await expect(page.getByRole('dialog', { name: 'Invite people' })).toBeVisible();
}

/** A moderator's connection from outside any page, to lock or unlock a room as a moderator would. */
async function moderatorSocket(baseURL: string, roomId: string): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  const identity = await fetch(`${baseURL}/api/identity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: 'Desk', invitation: await invitationToken(roomId, 'moderator') }),
  });
  const { token } = (await identity.json()) as CreateIdentityResponse;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseURL, {
    transports: ['websocket'],
    reconnection: false,
    auth: { token, protocolVersion: PROTOCOL_VERSION },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const joined = await socket.timeout(15_000).emitWithAck('room:join', { roomId: roomId as never });
  expect(joined.ok).toBe(true);
  return socket;
}

test('a moderator mints a link, sees it listed and revokes it; the revoked link says so in plain words', async ({ browser }, testInfo) => {
  const { open, close } = createCast(browser);
  try {
    const moderator = await open('Mo');
    const guest = await open('Gia');
    const room = await roomForSpec(moderator.page, ROOM_INDEX);
    await joinByLink(moderator, room, { role: 'moderator' });
    const dialog = moderator.page.getByRole('dialog', { name: 'Invite people' });
    let link = '';

    await test.step('mint a speaker link: only lifetimes the server allows are offered', async () => {
      await openInviteDialog(moderator.page);
      await dialog.getByLabel('Role').selectOption({ label: 'Speaker (on stage)' });
      const lifetime = dialog.getByLabel('Link works for');
      await expect(lifetime).toHaveValue('72');
      // The server's limit (INVITATION_MAX_HOURS) is a week by default: nothing longer is offered.
      expect(await lifetime.locator('option').allTextContents()).toEqual(['1 hour', '8 hours', '1 day', '3 days', '1 week']);
      await dialog.getByLabel('Role').selectOption({ label: 'Moderator' });
      await expect(lifetime).toHaveValue('24');
      await dialog.getByLabel('Role').selectOption({ label: 'Speaker (on stage)' });
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const field = dialog.getByLabel('Invitation link');
      await expect(field).toHaveValue(new RegExp(`/r/${room.id}\\?invite=`));
      link = await field.inputValue();
      expect(new URL(link).origin).toBe(new URL(moderator.page.url()).origin);
    });

    const entry = dialog.getByTestId('invitation').filter({ hasText: `by ${moderator.name}` }).first();
    await test.step('the link is listed with its role, expiry, maker and uses', async () => {
      await expect(entry).toHaveAttribute('data-role', 'speaker');
      await expect(entry).toHaveAttribute('data-status', 'active');
      await expect(entry).toContainText('Speaker link');
      await expect(entry).toContainText(/Works until .+ · by Mo.* · not used yet/);
      await screenshots(moderator.page, testInfo, 'invite-dialog', dialog);
    });

    await test.step('the guest’s pre-join says what the link grants', async () => {
      await guest.page.goto(link);
      await expect(guest.page.getByText('You are invited as a speaker.')).toBeVisible();
    });

    await test.step('revoke it, after a confirmation', async () => {
      await entry.getByRole('button', { name: /^Revoke the speaker link made by Mo/ }).click();
      const confirm = moderator.page.getByRole('dialog', { name: 'Revoke this link?' });
      await expect(confirm).toBeVisible();
      // Cancel has the focus: Enter by mistake does no harm.
      await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
      await expect(confirm).toBeHidden();
      await expect(entry).toHaveAttribute('data-status', 'revoked');
      await expect(entry.locator('.invitation-item__details')).toHaveText(/^Revoked · by Mo/);
      await expect(entry.getByRole('button')).toHaveCount(0);
      // Its Revoke button is gone: the focus stays in the dialog, on the link just revoked.
      await expect(entry).toBeFocused();
      await screenshots(moderator.page, testInfo, 'invite-dialog-revoked', dialog);
      await expect(dialog.getByRole('status').filter({ hasText: 'Link revoked.' })).toBeAttached();
    });

    await test.step('the revoked link says so before the form, with what to do', async () => {
      await guest.page.reload();
      const refusal = guest.page.getByRole('alert').filter({ hasText: 'A moderator revoked this invitation link' });
      await expect(refusal).toContainText('Ask the person who sent it for a new one. You can still join as a participant.');
      await expect(guest.page.getByText(/You are invited as/)).toHaveCount(0);
      await screenshots(guest.page, testInfo, 'prejoin-revoked');
    });

    await test.step('an expired link says it expired', async () => {
      const dataDir = process.env.CONVENE_E2E_DATA_DIR ?? '';
      const secret = await resolveTokenSecret(undefined, dataDir);
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ room: room.id, role: 'speaker' })
        .setProtectedHeader({ alg: 'HS256' })
        .setJti(crypto.randomUUID())
        .setIssuer('convene')
        .setAudience('invitation')
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 60)
        .sign(new TextEncoder().encode(secret));
      await guest.page.goto(`/r/${room.id}?invite=${expired}`);
      await expect(guest.page.getByRole('alert').filter({ hasText: 'This invitation link has expired.' })).toContainText(
        'Ask the person who sent it for a new one.',
      );
    });

    await test.step('at phone size, the dialog lists the links and keeps Revoke in reach', async () => {
      await moderator.page.getByRole('button', { name: 'Close', exact: true }).click();
      await moderator.page.setViewportSize(PHONE);
      // The toolbar moves Invite into More a moment after the resize: seen still there, then clicked gone, it hung the test.
      await expect(moderator.page.getByRole('button', { name: 'Invite people', exact: true })).toBeHidden();
      await openInviteDialog(moderator.page);
      await expect(entry).toHaveAttribute('data-status', 'revoked');
      await moderator.page.screenshot({ path: testInfo.outputPath('invite-dialog-phone-reopened.png') });
      const box = await dialog.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    });
  } finally {
    await close({ leave: true });
  }
});

test('a link to a room that does not exist says so, with no form to fill in', async ({ page }, testInfo) => {
  await page.goto('/r/does-not-exist');
  await expect(page.getByRole('heading', { name: 'This room does not exist', level: 1 })).toBeVisible();
  await expect(page.getByText('There is no room “does-not-exist” on this server.')).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Join', exact: true })).toHaveCount(0);
  await expect(page).toHaveTitle('Room not found · Convene');
  await screenshots(page, testInfo, 'room-missing', page.getByTestId('room-missing'));
  await page.getByRole('link', { name: 'See the rooms' }).click();
  await expect(page.getByRole('heading', { name: 'Convene', level: 1 })).toBeVisible();
});

test('a locked room says so on the pre-join screen, before the form', async ({ page, baseURL }, testInfo) => {
  const room = await roomForSpec(page, ROOM_INDEX);
  const desk = await moderatorSocket(baseURL ?? '', room.id);
  try {
    expect((await desk.timeout(15_000).emitWithAck('room:set-controls', { isLocked: true })).ok).toBe(true);
    await page.goto(`/r/${room.id}`);
    const note = page.getByTestId('room-locked');
    await expect(note).toContainText('This session is locked');
    await expect(note).toContainText('If you were already in it, you can still get back in.');
    const nameField = page.getByLabel('Your name');
    await expect(nameField).toBeVisible();
    // Read before the form: it comes first on the page.
    expect(await note.evaluate((element, field) => Boolean(element.compareDocumentPosition(field!) & Node.DOCUMENT_POSITION_FOLLOWING), await nameField.elementHandle())).toBe(true);
    await screenshots(page, testInfo, 'prejoin-locked');
  } finally {
    await desk.timeout(15_000).emitWithAck('room:set-controls', { isLocked: false }).catch(() => undefined);
    // Leaving (not just closing) frees the room at once for the next spec.
    await desk.timeout(15_000).emitWithAck('room:leave', {}).catch(() => undefined);
    desk.disconnect();
  }
});

test('someone whose moderator link is revoked while in the room is told at once, and stays in as a participant', async ({ browser }, testInfo) => {
  const { open, close } = createCast(browser);
  try {
    const moderator = await open('Mo');
    const kofi = await open('Kofi');
    const room = await roomForSpec(moderator.page, ROOM_INDEX);
    await joinByLink(moderator, room, { role: 'moderator' });
    const dialog = moderator.page.getByRole('dialog', { name: 'Invite people' });
    const inviteButton = kofi.page.getByRole('button', { name: 'Invite people', exact: true });

    await test.step('Mo makes a moderator link, and Kofi comes in with it as a moderator', async () => {
      await openInviteDialog(moderator.page);
      await dialog.getByLabel('Role').selectOption({ label: 'Moderator' });
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const field = dialog.getByLabel('Invitation link');
      await expect(field).toHaveValue(new RegExp(`/r/${room.id}\\?invite=`));
      await kofi.page.goto(await field.inputValue());
      await expect(kofi.page.getByText('You are invited as a moderator.')).toBeVisible();
      await kofi.page.getByLabel('Your name').fill(kofi.name);
      await kofi.page.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(kofi.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
      await expect(inviteButton).toBeVisible();
    });

    await test.step('Mo revokes it: Kofi is told, and is back in the room as a participant without doing anything', async () => {
      const entry = dialog.locator('[data-testid="invitation"][data-role="moderator"][data-status="active"]').filter({ hasText: `by ${moderator.name}` }).first();
      await entry.getByRole('button', { name: /^Revoke the moderator link made by Mo/ }).click();
      await moderator.page.getByRole('dialog', { name: 'Revoke this link?' }).getByRole('button', { name: 'Revoke', exact: true }).click();
      const notice = kofi.page.getByTestId('notice').filter({ hasText: 'Your moderator link was revoked: you are now a participant.' });
      await expect(notice).toBeVisible();
      // Held on screen while it has the focus (as for someone reading it), for the screenshots.
      await notice.getByRole('button', { name: 'Dismiss notice' }).focus();
      await expect(kofi.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
      await expect(inviteButton).toHaveCount(0);
      await screenshots(kofi.page, testInfo, 'moderator-link-revoked', notice);
    });
  } finally {
    await close({ leave: true });
  }
});
