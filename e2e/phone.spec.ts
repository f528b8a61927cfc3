import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from './fixtures.js';
import { createCast, expectDecodesVideoFrom, expectReceivesAudioFrom, inboundFrom, joinByLink, roomForSpec, tileOf, type Participant } from './participant.js';

/**
 * A participant on a phone, and a moderator on a laptop who must miss
 * nothing they ask for. Specs on the shared server each have a demo room;
 * this one shares the webinar spec's (which runs after it, and nothing uses
 * it before), and everyone leaves explicitly at the end.
 */
const ROOM_INDEX = 1;
const PHONE = { width: 375, height: 812 };
const SMALL_PHONE = { width: 360, height: 640 };

/** Opens a person's browser at a given screen size (see openParticipant for the names of repeated runs). */
async function openAtSize(browser: Browser, name: string, viewport: { width: number; height: number }): Promise<Participant> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const repeat = test.info().repeatEachIndex;
  return { name: repeat === 0 ? name : `${name} ${repeat + 1}`, context, page };
}

/** Nothing on the page scrolls sideways. */
async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  expect(scrollWidth, `horizontal overflow on ${where}`).toBeLessThanOrEqual(clientWidth);
}

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Room controls' });

/** The control bar is one row, and each of its buttons is a touch target of at least 44 × 44 px. */
async function expectOneRowOfTouchTargets(page: Page, where: string): Promise<void> {
  const boxes = await toolbar(page)
    .getByRole('button')
    .evaluateAll((buttons) => buttons.map((button) => ({ name: button.getAttribute('aria-label') ?? button.textContent, ...button.getBoundingClientRect().toJSON() }) as { name: string; x: number; y: number; width: number; height: number; right: number }));
  expect(boxes.length, `buttons in the bar on ${where}`).toBeGreaterThanOrEqual(4);
  for (const box of boxes) {
    expect(box.width, `width of "${box.name}" on ${where}`).toBeGreaterThanOrEqual(44);
    expect(box.height, `height of "${box.name}" on ${where}`).toBeGreaterThanOrEqual(44);
    expect(box.right, `"${box.name}" inside the screen on ${where}`).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
  }
  const tops = boxes.map((box) => box.y);
  expect(Math.max(...tops) - Math.min(...tops), `the bar is one row on ${where}`).toBeLessThan(1);
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, 'an element with a box on screen').not.toBeNull();
  return found ?? { x: 0, y: 0, width: 0, height: 0 };
}

/** Two elements on screen do not cover each other. */
async function expectApart(a: Locator, b: Locator, what: string): Promise<void> {
  const [first, second] = [await box(a), await box(b)];
  const overlaps =
    first.x < second.x + second.width &&
    second.x < first.x + first.width &&
    first.y < second.y + second.height &&
    second.y < first.y + first.height;
  expect(overlaps, what).toBe(false);
}

/** A notice never covers the control bar, the message box or its Send button. */
async function expectNoticeClearOfControls(page: Page, notice: Locator, where: string): Promise<void> {
  await expectApart(notice, toolbar(page), `the notice and the control bar on ${where}`);
  await expectApart(notice, page.getByLabel('Message', { exact: true }), `the notice and the message box on ${where}`);
  await expectApart(notice, page.getByRole('button', { name: 'Send', exact: true }), `the notice and the Send button on ${where}`);
}

/**
 * A notice covers nothing above the stage: the header (the room's status and
 * its "Try again", the recording indicator), the banners (a group's "Call a
 * moderator", the device question) and the moderators' hands strip.
 */
async function expectNoticeClearOfTopControls(page: Page, notice: Locator, where: string): Promise<void> {
  const above = [
    { what: 'the header', locator: page.locator('header.room__header') },
    { what: 'a banner', locator: page.locator('.room > .banner') },
    { what: 'the hands strip', locator: page.getByTestId('raised-hands-strip') },
    { what: 'the group banner', locator: page.getByTestId('group-banner') },
    { what: 'the device question', locator: page.getByTestId('device-question') },
  ];
  let checked = 0;
  for (const { what, locator } of above) {
    for (const element of await locator.all()) {
      if (!(await element.isVisible())) continue;
      await expectApart(notice, element, `the notice and ${what} on ${where}`);
      checked += 1;
    }
  }
  expect(checked, `something above the stage on ${where}`).toBeGreaterThan(0);
}

/**
 * The stage tile is on screen above the open sheet (not under it), and its
 * video is playing: frames keep being decoded.
 */
async function expectSpeakerPlayingAboveSheet(page: Page, speaker: Participant, speakerId: string): Promise<void> {
  const video = tileOf(page, speaker.name).locator('video');
  await expect(video).toBeVisible();
  const tile = await box(video);
  const sheet = await box(page.locator('#conversation-panel'));
  expect(tile.height, 'the speaker is not squeezed away').toBeGreaterThan(80);
  expect(tile.y + tile.height, 'the speaker is above the sheet').toBeLessThanOrEqual(sheet.y + 1);
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => !element.paused && element.readyState >= 2)).toBe(true);
  await expectDecodesVideoFrom(page, speakerId);
}

async function sendChat(page: Page, text: string): Promise<void> {
  const input = page.getByLabel('Message', { exact: true });
  await input.fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(input).toHaveValue('');
}

/** WCAG 2.1 A and AA rules, checked by axe-core on what is on screen now. */
async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary, `accessibility violations on ${where}`).toEqual([]);
}

const chatMessage = (page: Page, text: string) => page.getByTestId('chat-message').filter({ hasText: text });
const noticeSaying = (page: Page, text: RegExp) => page.getByTestId('notice').filter({ hasText: text });
const runTag = () => Math.random().toString(36).slice(2, 8);

test('a participant on a phone joins, watches, chats, raises a hand and saves data; the moderator misses nothing', async ({ browser }) => {
  test.setTimeout(240_000);
  const tag = runTag();
  const cast = createCast(browser);
  try {
    const moderator = await cast.open('Mo');
    const pat = await openAtSize(browser, 'Pat', PHONE);
    cast.people.push(pat);
    const room = await roomForSpec(moderator.page, ROOM_INDEX);
    await joinByLink(moderator, room, { role: 'moderator' });

    await test.step('the pre-join page fits the phone, and so does the room', async () => {
      await pat.page.goto(`/r/${room.id}`);
      await expect(pat.page.getByTestId('self-tile').locator('video')).toBeVisible();
      await expectNoHorizontalOverflow(pat.page, 'the pre-join page');
      await joinByLink(pat, room);
      await expectNoHorizontalOverflow(pat.page, 'the room');
      await expectOneRowOfTouchTargets(pat.page, 'the room at 375×812');
    });

    const moId = (await tileOf(pat.page, moderator.name).getAttribute('data-peer-id')) ?? '';
    await test.step('Pat watches the speaker', async () => {
      await expectDecodesVideoFrom(pat.page, moId);
      await expectReceivesAudioFrom(pat.page, moId);
    });

    await test.step('the chat opens as a sheet while the speaker keeps playing above it', async () => {
      await pat.page.getByRole('button', { name: 'Chat', exact: true }).click();
      await expect(pat.page.locator('#conversation-panel')).toBeVisible();
      await expectSpeakerPlayingAboveSheet(pat.page, moderator, moId);
      await expectNoHorizontalOverflow(pat.page, 'the room with the chat open');
      await expectOneRowOfTouchTargets(pat.page, 'the room with the chat open');
      await sendChat(pat.page, `Hello from a phone (${tag})`);
      await expect(moderator.page.getByTestId('unread-count')).toHaveText('1');
    });

    const question = `Can I ask privately? (${tag})`;
    await test.step('a private message to the moderators: a count and a notice for the moderator, one click to the thread', async () => {
      await pat.page.getByRole('radio', { name: /Message the moderators/ }).check();
      await sendChat(pat.page, question);
      await pat.page.getByRole('radio', { name: /Everyone/ }).check();
      await expect(moderator.page.getByTestId('unread-count')).toHaveText('2');
      const notice = noticeSaying(moderator.page, new RegExp(`${pat.name} sent the moderators a private message`));
      await expect(notice).toBeVisible();
      // In the live region: screen readers announce it.
      await expect(moderator.page.locator('[role="status"][aria-live="polite"]').getByTestId('notice').filter({ hasText: pat.name })).toHaveCount(1);
      await notice.getByRole('button', { name: 'Open chat' }).click();
      await expect(moderator.page.getByLabel('Conversation')).toHaveValue(/^thread:/);
      await expect(chatMessage(moderator.page, question)).toBeVisible();
      // The notice and its button went away: the message box has the focus, ready for the answer.
      await expect(moderator.page.getByLabel('Message', { exact: true })).toBeFocused();
      await moderator.page.screenshot({ path: test.info().outputPath('moderator-chat-opened-from-notice.png') });
    });

    const answer = `Of course, go ahead (${tag})`;
    await test.step("the moderator's answer: a notice for Pat, clear of the message box, and one click to it", async () => {
      await sendChat(moderator.page, answer);
      const notice = noticeSaying(pat.page, /answered you privately/);
      await expect(notice).toBeVisible();
      await expectNoticeClearOfControls(pat.page, notice, 'the phone');
      await expectNoticeClearOfTopControls(pat.page, notice, 'the phone');
      await pat.page.screenshot({ path: test.info().outputPath('phone-notice-below-header.png') });
      await expectNoHorizontalOverflow(pat.page, 'the room with a notice');
      await notice.getByRole('button', { name: 'Open chat' }).click();
      await expect(pat.page.getByRole('radio', { name: /Message the moderators/ })).toBeChecked();
      await expect(chatMessage(pat.page, answer)).toBeVisible();
      await expect(pat.page.getByLabel('Message', { exact: true })).toBeFocused();
    });

    await test.step('with the chat closed, a second answer shows as a count on the Chat button', async () => {
      await pat.page.getByRole('button', { name: 'Chat', exact: true }).click();
      await expect(pat.page.locator('#conversation-panel')).toBeHidden();
      await sendChat(moderator.page, `Anything else? (${tag})`);
      await expect(pat.page.getByRole('button', { name: 'Chat', exact: true }).getByTestId('unread-count')).toHaveText('1');
      await expect(noticeSaying(pat.page, /answered you privately/)).toBeVisible();
    });

    await test.step('Pat raises a hand: a count on People, a notice naming Pat and the queue reach the moderator', async () => {
      await pat.page.getByRole('button', { name: 'Raise hand', exact: true }).click();
      await expect(pat.page.getByRole('button', { name: 'Lower hand', exact: true })).toBeVisible();
      // The people panel is closed: everything the moderator needs comes to them.
      await expect(moderator.page.getByRole('button', { name: /^People/ })).toHaveAttribute('aria-expanded', 'false');
      await expect(moderator.page.getByTestId('raised-hands-count')).toHaveText('1');
      const notice = noticeSaying(moderator.page, new RegExp(`${pat.name} raised a hand`));
      await expect(notice).toBeVisible();
      // The moderator's chat is open beside the stage: the notice keeps clear of it.
      await expectNoticeClearOfControls(moderator.page, notice, 'the laptop');
      await expectNoticeClearOfTopControls(moderator.page, notice, 'the laptop');
      // On a phone too, the notice and the hands strip both show, neither over the other.
      const laptop = moderator.page.viewportSize()!;
      await moderator.page.setViewportSize(PHONE);
      await expect(moderator.page.getByTestId('raised-hands-strip')).toBeVisible();
      await expect(notice).toBeVisible();
      await expectNoticeClearOfTopControls(moderator.page, notice, "the moderator's phone");
      await expectNoticeClearOfControls(moderator.page, notice, "the moderator's phone");
      await moderator.page.screenshot({ path: test.info().outputPath('moderator-phone-hand-notice.png') });
      await moderator.page.setViewportSize(laptop);
      await notice.getByRole('button', { name: 'Show hands' }).click();
      const queue = moderator.page.getByTestId('raised-hand');
      await expect(queue).toHaveCount(1);
      await expect(queue.first()).toHaveAttribute('data-display-name', pat.name);
      await expect(moderator.page.getByRole('button', { name: `Invite to stage (${pat.name})` })).toBeVisible();
      await expectNoAxeViolations(moderator.page, "the moderator's room with the queue of raised hands");
      await moderator.page.getByRole('button', { name: `Lower hand (${pat.name})` }).click();
      await expect(pat.page.getByRole('button', { name: 'Raise hand', exact: true })).toBeVisible();
      await expect(moderator.page.getByTestId('raised-hands-strip')).toHaveCount(0);
      await expect(moderator.page.getByTestId('raised-hands-count')).toHaveCount(0);
    });

    await test.step('with the people panel open, "Show hands" takes the moderator to its queue', async () => {
      await moderator.page.getByRole('button', { name: /^People/ }).click();
      await expect(moderator.page.getByRole('heading', { name: 'People', level: 2 })).toBeVisible();
      await pat.page.getByRole('button', { name: 'Raise hand', exact: true }).click();
      const notice = noticeSaying(moderator.page, new RegExp(`${pat.name} raised a hand`));
      await notice.getByRole('button', { name: 'Show hands' }).click();
      await expect(notice).toHaveCount(0);
      await expect(moderator.page.getByRole('heading', { name: /^Raised hands/, level: 3 })).toBeFocused();
      await moderator.page.screenshot({ path: test.info().outputPath('moderator-hands-heading-focused.png') });
      await moderator.page.getByRole('button', { name: `Lower hand (${pat.name})` }).click();
      await expect(pat.page.getByRole('button', { name: 'Raise hand', exact: true })).toBeVisible();
      await moderator.page.getByRole('button', { name: /^People/ }).click();
    });

    await test.step('the More menu works by keyboard: arrows move, Escape closes and gives focus back', async () => {
      const more = pat.page.getByRole('button', { name: 'More', exact: true });
      await more.focus();
      await pat.page.keyboard.press('Enter');
      const menu = pat.page.getByRole('menu', { name: 'More' });
      await expect(menu).toBeVisible();
      await expect(menu.getByRole('menuitem', { name: 'Reactions' })).toBeFocused();
      await pat.page.keyboard.press('ArrowDown');
      await expect(menu.getByRole('menuitemradio', { name: 'Off' })).toBeFocused();
      await pat.page.keyboard.press('End');
      await expect(menu.getByRole('menuitemradio', { name: 'Audio only' })).toBeFocused();
      await pat.page.keyboard.press('ArrowDown');
      await expect(menu.getByRole('menuitem', { name: 'Reactions' })).toBeFocused();
      await expectNoAxeViolations(pat.page, 'the phone room with the More menu open');
      await pat.page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
      await expect(more).toBeFocused();
    });

    await test.step('data saver from the More menu: audio only, then back to video', async () => {
      const more = pat.page.getByRole('button', { name: 'More', exact: true });
      await more.click();
      await pat.page.getByRole('menuitemradio', { name: 'Audio only' }).click();
      await expect(more).toBeFocused();
      await expect(tileOf(pat.page, moderator.name).locator('video')).toHaveCount(0);
      await expectReceivesAudioFrom(pat.page, moId);
      await more.click();
      await expect(pat.page.getByRole('menuitemradio', { name: 'Audio only' })).toHaveAttribute('aria-checked', 'true');
      await pat.page.getByRole('menuitemradio', { name: 'Off' }).click();
      await expectDecodesVideoFrom(pat.page, moId);
      expect((await inboundFrom(pat.page, moId, 'video'))?.frameWidth ?? 0).toBeGreaterThan(0);
    });

    await test.step('at 360×640 too: no sideways scrolling, one row of touch targets, the speaker playing above the chat', async () => {
      await pat.page.setViewportSize(SMALL_PHONE);
      await expectNoHorizontalOverflow(pat.page, 'the room at 360×640');
      await expectOneRowOfTouchTargets(pat.page, 'the room at 360×640');
      await pat.page.getByRole('button', { name: 'Chat', exact: true }).click();
      // The chat opened on the moderators' answers: their notice has nothing left to say, and no longer covers the speaker.
      await expect(pat.page.getByRole('radio', { name: /Message the moderators/ })).toBeChecked();
      await expect(noticeSaying(pat.page, /answered you privately/)).toHaveCount(0);
      await expectSpeakerPlayingAboveSheet(pat.page, moderator, moId);
      await expectNoHorizontalOverflow(pat.page, 'the room at 360×640 with the chat open');
      await pat.page.screenshot({ path: test.info().outputPath('small-phone-chat-open.png') });
    });

    await test.step('leaving: a participant goes at once; a moderator is asked first', async () => {
      await pat.page.getByRole('button', { name: 'Leave', exact: true }).click();
      await expect(pat.page.getByRole('heading', { name: 'Rooms' })).toBeVisible();
      await moderator.page.getByRole('button', { name: 'Leave', exact: true }).click();
      const dialog = moderator.page.getByRole('dialog', { name: 'Leave the session?' });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Stay' }).click();
      await expect(dialog).toBeHidden();
      await expect(moderator.page.getByTestId('room-status')).toHaveAttribute('data-status', 'joined');
    });
  } finally {
    await cast.close({ leave: true });
  }
});
