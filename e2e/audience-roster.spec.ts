import { expect, test, type Page, type WebSocketRoute } from './fixtures.js';
import { createCast, joinByLink, roomForSpec } from './participant.js';
import { recordRoomStatuses, seenRoomStatuses } from './roomStatusLog.js';

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

/**
 * The page's connection to the server, through Playwright: the test can cut
 * it, as a network drop would, and lose the page's requests for pages of
 * the audience on the way. Everything else passes unchanged between the
 * page and the real server.
 */
async function routeConnection(page: Page) {
  const open: WebSocketRoute[] = [];
  let isDroppingPeersList = false;
  const isPeersList = (message: string | Buffer) => typeof message === 'string' && message.includes('"peers:list"');
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (!(isDroppingPeersList && isPeersList(message))) server.send(message);
    });
    open.push(ws);
  });
  // Before the upgrade to a WebSocket, requests go by long-polling: Engine.IO joins a POST's packets with a record separator.
  await page.route(/\/socket\.io\/.*transport=polling/, async (route) => {
    const body = route.request().postData();
    if (!isDroppingPeersList || route.request().method() !== 'POST' || !body) return route.continue();
    const kept = body.split('\x1e').filter((packet) => !isPeersList(packet));
    return kept.length > 0 ? route.continue({ postData: kept.join('\x1e') }) : route.fulfill({ status: 200, body: 'ok' });
  });
  return {
    dropPeersList(isDropping: boolean) {
      isDroppingPeersList = isDropping;
    },
    /** Cuts the connection and waits until the page is back in the room. */
    async cutAndRejoin() {
      await expect.poll(() => open.length, { message: 'the page talks over a WebSocket' }).toBeGreaterThan(0);
      await recordRoomStatuses(page);
      await Promise.all(open.splice(0).map((ws) => ws.close()));
      await expect.poll(() => seenRoomStatuses(page)).toContain('rejoining');
      await expect(page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
    },
  };
}

/** Screenshots of what a person sees, for people to look at (not compared). */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

test('the audience: participants see the stage, the moderators and how many are here; moderators choose to show who', async ({ browser }) => {
  const { open, close } = createCast(browser);
  try {
    const moderator = await open('Mo');
    const moderatorConnection = await routeConnection(moderator.page);
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

    await test.step("the moderator's connection drops with the panel open: back in, the audience is listed again", async () => {
      await moderatorConnection.cutAndRejoin();
      await expect(personRow(moderator.page, ama.name)).toBeVisible();
      await expect(personRow(moderator.page, pat.name)).toHaveAttribute('data-hand', 'up');
    });

    await test.step('the first page gets no answer: "Load the audience" asks again, and the list takes the focus', async () => {
      moderatorConnection.dropPeersList(true);
      await moderatorConnection.cutAndRejoin();
      const retry = moderator.page.getByRole('button', { name: 'Load the audience' });
      // Once the request has timed out.
      await expect(retry).toBeVisible();
      await expect(personRow(moderator.page, ama.name)).toHaveCount(0);
      await expect(moderator.page.getByText('2 in the audience, 1 shown.')).toBeVisible();
      await shoot(moderator.page, 'moderator-audience-retry');
      await moderator.page.setViewportSize({ width: 375, height: 812 });
      await retry.scrollIntoViewIfNeeded();
      await shoot(moderator.page, 'moderator-audience-retry-phone');
      await moderator.page.setViewportSize({ width: 1280, height: 720 });
      moderatorConnection.dropPeersList(false);
      await retry.click();
      await expect(personRow(moderator.page, ama.name)).toBeVisible();
      await expect(retry).toHaveCount(0);
      await expect(moderator.page.getByRole('heading', { name: /^Audience/ })).toBeFocused();
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
