import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures.js';
import { createCast, joinByLink, roomForSpec } from './participant.js';

/**
 * Specs on the shared server each have a demo room (two-peers-media 0,
 * webinar 1, accessibility 2, data-saver 3, this one 4, buzz-groups 5); everyone leaves explicitly
 * at the end, so nobody lingers for the reconnection grace period.
 */
const ROOM_INDEX = 4;

/** What a page did that it should not have: dialogs opened, requests made away from the app. */
interface PageGuard {
  dialogs: string[];
  offOrigin: string[];
  /** Same-origin requests an injected `<img src=x>` would make (`/x`, relative to the room page). */
  strayImages: string[];
}

function guard(page: Page, appOrigin: string): PageGuard {
  const found: PageGuard = { dialogs: [], offOrigin: [], strayImages: [] };
  page.on('dialog', (dialog) => {
    found.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== appOrigin) found.offOrigin.push(request.url());
    else if (/\/x$/.test(url.pathname)) found.strayImages.push(request.url());
  });
  return found;
}

/** Opens the side panel (if closed) on one of its tabs. */
async function showTab(page: Page, tab: 'Chat' | 'Q&A' | 'Moderation'): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Chat', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

async function sendChat(page: Page, text: string): Promise<void> {
  const input = page.getByLabel('Message', { exact: true });
  await input.fill(text);
  await input.press('Enter');
  // Cleared once the server took it.
  await expect(input).toHaveValue('');
}

const chatMessage = (page: Page, author: string, text: string) =>
  page.locator(`[data-testid="chat-message"][data-author="${author}"]`).filter({ hasText: text });

const questionItem = (page: Page, text: string) => page.getByTestId('question').filter({ hasText: text });

/** WCAG 2.1 A and AA rules, checked by axe-core on the side panel as it is now. */
async function expectPanelPassesAxe(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .include('#conversation-panel')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(summary, `accessibility violations in ${where}`).toEqual([]);
}

/**
 * Everything a hostile message tries at once. Each line is one way a chat
 * could run what someone wrote: a script tag, an image or svg with an event
 * handler, a javascript: link (markdown and bare), alert() variants; plus a
 * plain web link that must still work.
 */
const hostileMessage = (tag: string) => [
  `Hostile test message ${tag}:`,
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '[click](javascript:window.__xss=3)',
  'javascript:window.__xss=4',
  '<svg onload="window.__xss=5"><circle/></svg>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<a href="javascript:alert(3)">open</a>',
  '<iframe src="javascript:alert(4)"></iframe>',
  'slides: https://example.org',
].join(' ');

/**
 * The room's chat and questions are kept in the database across runs: each
 * run marks its texts so it finds its own.
 */
const runTag = () => Math.random().toString(36).slice(2, 8);

test('chat, questions and upvotes reach everyone live, and a hostile message stays plain text', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const appOrigin = new URL(baseURL ?? 'http://127.0.0.1').origin;
  const tag = runTag();
  const hello = `Hello from Ada (${tag})`;
  const after = `After the test message (${tag})`;
  const { people, open, close } = createCast(browser);
  try {
    const moderator = await open('Moira');
    const ada = await open('Ada');
    const ben = await open('Ben');
    const guards = new Map(people.map((person) => [person, guard(person.page, appOrigin)]));
    const room = await roomForSpec(moderator.page, ROOM_INDEX);

    await test.step('a moderator and two participants join', async () => {
      await joinByLink(moderator, room, { role: 'moderator' });
      await joinByLink(ada, room);
      await joinByLink(ben, room);
    });

    await test.step("Ada's chat message reaches Ben and, as unread, the moderator", async () => {
      await showTab(ada.page, 'Chat');
      await showTab(ben.page, 'Chat');
      await sendChat(ada.page, hello);
      await expect(chatMessage(ben.page, ada.name, hello)).toBeVisible();
      // The moderator's panel starts closed: the Chat button counts what arrived.
      await expect(moderator.page.getByTestId('unread-count')).toHaveText('1');
      await showTab(moderator.page, 'Chat');
      await expect(chatMessage(moderator.page, ada.name, hello)).toBeVisible();
      await expect(moderator.page.getByTestId('unread-count')).toHaveCount(0);
    });

    const questionText = `How can small groups join the coalition? (${tag})`;
    await test.step("Ada asks a question; Ben sees it, upvotes it, and the count moves on Ada's and the moderator's pages", async () => {
      for (const { page } of [ada, ben, moderator]) await showTab(page, 'Q&A');
      await ada.page.getByLabel('Your question').fill(questionText);
      await ada.page.getByRole('button', { name: 'Ask', exact: true }).click();
      await expect(questionItem(ben.page, questionText)).toBeVisible();
      await expect(questionItem(ada.page, questionText).getByTestId('upvote-count')).toHaveText('0');

      const upvote = questionItem(ben.page, questionText).getByRole('button', { name: 'Upvote', exact: true });
      await expect(upvote).toHaveAttribute('aria-pressed', 'false');
      await upvote.click();
      await expect(upvote).toHaveAttribute('aria-pressed', 'true');
      await expect(questionItem(ada.page, questionText).getByTestId('upvote-count')).toHaveText('1');
      await expect(questionItem(moderator.page, questionText).getByTestId('upvote-count')).toHaveText('1');
    });

    await test.step('a hostile message is shown as the text it is, on every page, and runs nothing', async () => {
      for (const { page } of [ada, ben, moderator]) await showTab(page, 'Chat');
      await sendChat(ada.page, hostileMessage(tag));
      // A later message arriving means the hostile one has been rendered and had time to misbehave.
      await sendChat(ada.page, after);

      for (const person of [ben, moderator, ada]) {
        const { page } = person;
        await expect(chatMessage(page, ada.name, after)).toBeVisible();
        const hostile = chatMessage(page, ada.name, `Hostile test message ${tag}:`);
        await expect(hostile).toHaveCount(1);

        // Nothing ran: no script effect, no dialog, no request for the "image", nothing fetched elsewhere.
        expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `window.__xss on ${person.name}'s page`).toBeUndefined();
        const found = guards.get(person);
        expect(found?.dialogs, `dialogs opened on ${person.name}'s page`).toEqual([]);
        expect(found?.offOrigin, `requests that left the app on ${person.name}'s page`).toEqual([]);
        expect(found?.strayImages, `image requests from the message on ${person.name}'s page`).toEqual([]);

        // Nothing in the chat became an element; in this message, only the web link did.
        await expect(page.getByTestId('chat-message').locator('img, svg, script, iframe, object, embed')).toHaveCount(0);
        const links = await hostile.locator('a').evaluateAll((anchors) =>
          anchors.map((a) => ({ href: a.getAttribute('href') ?? '', rel: a.getAttribute('rel'), target: a.getAttribute('target') })),
        );
        expect(links, `links in the message on ${person.name}'s page`).toEqual([
          { href: 'https://example.org/', rel: 'noopener noreferrer nofollow ugc', target: '_blank' },
        ]);
        for (const link of links) {
          expect(link.href).toMatch(/^https?:\/\//);
          expect(link.href.toLowerCase()).not.toMatch(/^\s*javascript:/);
        }

        // And the text reads exactly as written.
        const body = hostile.getByTestId('chat-body');
        await expect(body).toContainText('<script>window.__xss=1</script>');
        await expect(body).toContainText('<img src=x onerror="window.__xss=2">');
        await expect(body).toContainText('[click](javascript:window.__xss=3)');
        await expect(body).toContainText('javascript:window.__xss=4');
        await expect(body).toContainText('<svg onload="window.__xss=5"><circle/></svg>');
      }
    });

    await test.step('the side panel passes axe: chat with that history, and the moderation tab', async () => {
      await expectPanelPassesAxe(ben.page, "a participant's chat");
      await showTab(moderator.page, 'Moderation');
      await expect(moderator.page.getByRole('switch', { name: 'Lock room' })).not.toBeChecked();
      await expectPanelPassesAxe(moderator.page, "the moderator's moderation tab");
    });
  } finally {
    await close({ leave: true });
  }
});
