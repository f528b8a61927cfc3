import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures.js';
import { createCast, joinByLink, roomForSpec } from './participant.js';

/** This spec's demo room (see conversation.spec.ts for the others'). */
const ROOM_INDEX = 6;

/** Packaging encodes the session on this machine's spare CPU: allow for a slow, busy one. */
const PACKAGED_WITHIN_MS = 120_000;

/** Opens the conversation panel (chat, Q&A) at one of its tabs. */
async function openConversation(page: Page, tab: 'Chat' | 'Q&A'): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Chat', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('tab', { name: tab }).click();
}

async function sendChat(page: Page, text: string): Promise<void> {
  await openConversation(page, 'Chat');
  const input = page.getByLabel('Message', { exact: true });
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

async function askQuestion(page: Page, text: string): Promise<void> {
  await page.getByRole('tab', { name: 'Q&A' }).click();
  await page.getByLabel('Your question').fill(text);
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(page.getByTestId('question').filter({ hasText: text })).toBeVisible();
}

/** One's own chat message, found by its words (by its place once it is being edited, when its words are in a text box). */
async function ownMessage(page: Page, text: string) {
  await page.getByRole('tab', { name: 'Chat' }).click();
  const seq = await page.getByTestId('chat-message').filter({ hasText: text }).getAttribute('data-seq');
  return page.locator(`[data-testid="chat-message"][data-seq="${seq}"]`);
}

async function deleteOwnMessage(page: Page, text: string): Promise<void> {
  const message = await ownMessage(page, text);
  await message.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(message.getByTestId('chat-body')).toHaveText('Message deleted by its author');
}

async function editOwnMessage(page: Page, text: string, replacement: string): Promise<void> {
  const message = await ownMessage(page, text);
  await message.getByRole('button', { name: 'Edit message' }).click();
  await message.getByLabel('Edit message').fill(replacement);
  await message.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(message.getByTestId('chat-body')).toHaveText(replacement);
}

async function withdrawOwnQuestion(page: Page, text: string): Promise<void> {
  await page.getByRole('tab', { name: 'Q&A' }).click();
  await page.getByTestId('question').filter({ hasText: text }).getByRole('button', { name: 'Withdraw' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Withdraw' }).click();
  await expect(page.getByTestId('question').filter({ hasText: text })).toHaveCount(0);
}

/** The recording's elapsed time as the indicator shows it ("Recording 1:05"), in seconds. */
async function recordedSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('recording-indicator').textContent()) ?? '';
  const match = /(\d+):(\d{2})/.exec(text);
  if (!match) throw new Error(`the recording indicator shows no time: "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Waits until the recording has run `seconds` more than when called: the
 * moments before and after are that far apart in the recording, however
 * long a busy machine took to get here.
 */
async function waitRecordedFor(page: Page, seconds: number): Promise<void> {
  const from = await recordedSeconds(page);
  await expect.poll(() => recordedSeconds(page), { timeout: 45_000 + seconds * 1000 }).toBeGreaterThanOrEqual(from + seconds);
}

/** The replay's video element: how far it has played and how big its picture is. */
function videoState(page: Page) {
  return page.getByLabel('Session video').evaluate((video: HTMLVideoElement) => ({
    currentTime: video.currentTime,
    videoWidth: video.videoWidth,
    paused: video.paused,
  }));
}

/**
 * Record a short session (a speaker with a fake camera and microphone, chat
 * and a question from the audience), let it be packaged, then find it in
 * the catch-up library and replay it: the video plays, the chat appears at
 * its moments, `?t=` lands there, and the download is a file ffprobe accepts.
 * The replay keeps only what people left standing: a message deleted
 * (during the session or after it), the first words of an edited one, a
 * withdrawn and a dismissed question, and everything written by someone
 * who asked not to be recorded are in neither the replay's API nor its page.
 */
test('a recorded session is packaged, found in the library and replayed with its chat in sync', async ({ browser }) => {
  test.setTimeout(300_000);
  const tag = Date.now().toString(36);
  const early = `Welcome, everyone (${tag})`;
  const late = `Thank you for the panel (${tag})`;
  const question = `How do we fund local movements? (${tag})`;
  const firstWords = `Meet me at the north gate (${tag})`;
  const edited = `See you all at the panel (${tag})`;
  const deletedNow = `My phone number is 0712 (${tag})`;
  const deletedLater = `I work at the ministry (${tag})`;
  const withdrawn = `Is the venue watched? (${tag})`;
  const dismissed = `Off-topic question (${tag})`;
  const unrecorded = `Greetings from a safe house (${tag})`;
  const retracted = [firstWords, deletedNow, deletedLater, withdrawn, dismissed, unrecorded];
  const { open, close } = createCast(browser);
  const downloads = mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-download-'));
  try {
    const moderator = await open('Moira');
    const speaker = await open('Sipho');
    const viewer = await open('Ana');
    const unrecordedViewer = await open('Oluwaseun');
    const room = await roomForSpec(moderator.page, ROOM_INDEX);

    await test.step('a moderator, a speaker and two participants join', async () => {
      await joinByLink(moderator, room, { role: 'moderator' });
      await joinByLink(speaker, room, { role: 'speaker' });
      await joinByLink(viewer, room);
      await joinByLink(unrecordedViewer, room);
    });

    await test.step('the moderator starts recording: everyone sees the indicator and a notice', async () => {
      await moderator.page.getByRole('button', { name: 'Record', exact: true }).click();
      for (const { page } of [moderator, speaker, viewer]) {
        await expect(page.getByTestId('recording-indicator')).toContainText('Recording');
        await expect(page.getByText(`${moderator.name} started recording`)).toBeVisible();
      }
    });

    await test.step('chat, a question and a chapter during the recording', async () => {
      await sendChat(viewer.page, early);
      // Seconds apart, so that the replay can tell the moments apart.
      await waitRecordedFor(moderator.page, 3);
      await askQuestion(viewer.page, question);
      await moderator.page.getByRole('button', { name: 'Mark chapter' }).click();
      await moderator.page.getByLabel('Chapter title').fill('Questions from the floor');
      await moderator.page.getByRole('button', { name: 'Mark chapter' }).last().click();
      await waitRecordedFor(moderator.page, 3);
      await sendChat(viewer.page, late);
      await waitRecordedFor(moderator.page, 2);
    });

    await test.step('words taken back, and someone who asks not to be recorded', async () => {
      await sendChat(viewer.page, firstWords);
      await editOwnMessage(viewer.page, firstWords, edited);
      await sendChat(viewer.page, deletedNow);
      await deleteOwnMessage(viewer.page, deletedNow);
      await sendChat(viewer.page, deletedLater);
      await askQuestion(viewer.page, withdrawn);
      await withdrawOwnQuestion(viewer.page, withdrawn);
      await askQuestion(viewer.page, dismissed);
      await openConversation(moderator.page, 'Q&A');
      await moderator.page.getByTestId('question').filter({ hasText: dismissed }).getByRole('button', { name: 'Dismiss' }).click();
      // The asker still sees it, marked dismissed; nobody else does.
      await expect(viewer.page.getByTestId('question').filter({ hasText: dismissed })).toHaveAttribute('data-status', 'dismissed');

      const { page } = unrecordedViewer;
      await page.getByRole('button', { name: "Don't record me" }).click();
      // They are told exactly what is left out and what is kept; nobody else is told of their choice.
      const told = page.getByTestId('recording-opted-out');
      await expect(told).toContainText('You are not being recorded.');
      await expect(told).toContainText('Your camera, microphone, chat and questions are left out');
      await expect(viewer.page.getByTestId('recording-opted-out')).toHaveCount(0);
      // On a phone the header keeps it to one line; what is kept is a tap away.
      const desktop = page.viewportSize()!;
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: test.info().outputPath('opted-out-desktop.png') });
      await page.setViewportSize({ width: 375, height: 812 });
      const whatIsKept = told.getByRole('button', { name: 'What is kept?' });
      await expect(whatIsKept).toHaveAttribute('aria-expanded', 'false');
      await expect(told).toContainText('You are not being recorded.');
      await expect(told.getByText(/are left out/)).toBeHidden();
      await page.screenshot({ path: test.info().outputPath('opted-out-phone.png') });
      await whatIsKept.click();
      await expect(whatIsKept).toHaveAttribute('aria-expanded', 'true');
      await expect(told.getByText(/Your camera, microphone, chat and questions are left out/)).toBeVisible();
      await page.screenshot({ path: test.info().outputPath('opted-out-phone-expanded.png') });
      await page.setViewportSize(desktop);
      await sendChat(page, unrecorded);
      // Live, everyone reads it as usual.
      await openConversation(viewer.page, 'Chat');
      await expect(viewer.page.getByText(unrecorded)).toBeVisible();
    });

    await test.step('the moderator stops it (after confirming)', async () => {
      await moderator.page.getByRole('button', { name: 'Stop recording' }).click();
      await moderator.page.getByRole('dialog').getByRole('button', { name: 'Stop recording' }).click();
      for (const { page } of [moderator, speaker, viewer]) {
        await expect(page.getByTestId('recording-indicator')).toHaveCount(0);
      }
    });

    await test.step('a message is deleted after the recording ended', async () => {
      await deleteOwnMessage(viewer.page, deletedLater);
    });

    let replayUrl = '';
    await test.step('the library lists it once packaged, with progress shown to the organiser', async () => {
      const { page } = moderator;
      await page.goto('/recordings');
      await page.getByRole('searchbox', { name: /search/i }).fill('expert panel');
      const entry = page.getByRole('listitem').filter({ hasText: room.title });
      await expect(entry).toBeVisible();
      await expect(entry.getByRole('link', { name: /^Watch/ })).toBeVisible({ timeout: PACKAGED_WITHIN_MS });
      await entry.getByRole('link', { name: /^Watch/ }).click();
      await expect(page).toHaveURL(/\/recordings\/[0-9a-f-]{36}/);
      replayUrl = page.url();
    });

    await test.step('a participant does not see it while it is for organisers only', async () => {
      await viewer.page.goto('/recordings');
      // Loaded: the count (or "No recorded sessions yet") is announced.
      await expect(viewer.page.getByRole('status').filter({ hasText: /recorded session|Nothing matches/ })).toBeVisible();
      await expect(viewer.page.getByRole('listitem').filter({ hasText: room.title })).toHaveCount(0);
    });

    const recordingId = new URL(replayUrl).pathname.split('/').at(-1)!;
    const detail = (await (
      await moderator.page.request.get(`/api/recordings/${recordingId}`, {
        // The moderator's identity for this room, as the room page stored it for the tab.
        headers: {
          authorization: `Bearer ${await moderator.page.evaluate(
            (roomId) => (JSON.parse(sessionStorage.getItem(`convene.identity.${roomId}`) ?? '{}') as { token?: string }).token ?? '',
            room.id,
          )}`,
        },
      })
    ).json()) as { timeline: { at: number; kind: string; body?: string }[] };
    const atOf = (body: string) => detail.timeline.find((entry) => entry.kind === 'chat' && entry.body === body)!.at / 1000;
    const earlyAt = atOf(early);
    const lateAt = atOf(late);
    expect(lateAt).toBeGreaterThan(earlyAt + 4);
    // The replay's API keeps only what people left standing.
    const said = detail.timeline.flatMap((entry) => (entry.kind === 'chat' || entry.kind === 'question' ? [entry.body] : []));
    expect(said).toEqual([early, question, late, edited]);
    for (const words of retracted) expect(JSON.stringify(detail)).not.toContain(words);
    expect(JSON.stringify(detail)).not.toContain(unrecordedViewer.name);

    await test.step('the replay plays: time advances and the picture has a size', async () => {
      const { page } = moderator;
      await page.getByLabel('Session video').evaluate((video: HTMLVideoElement) => {
        video.muted = true;
        return video.play();
      });
      await expect.poll(async () => (await videoState(page)).currentTime).toBeGreaterThan(1);
      expect((await videoState(page)).videoWidth).toBeGreaterThan(0);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(violations.map((violation) => violation.id)).toEqual([]);
    });

    await test.step('?t= lands at that moment, with exactly the chat that had been written by then', async () => {
      const { page } = moderator;
      const chat = page.getByRole('list', { name: 'Chat as it happened' });
      await page.goto(`${replayUrl.split('?')[0]}?t=${Math.ceil(earlyAt + 1)}`);
      await expect.poll(async () => (await videoState(page)).currentTime).toBeGreaterThanOrEqual(Math.ceil(earlyAt + 1) - 0.5);
      await expect(chat.getByText(early)).toBeVisible();
      await expect(chat.getByText(late)).toHaveCount(0);
      await page.goto(`${replayUrl.split('?')[0]}?t=${Math.ceil(lateAt + 1)}`);
      await expect(chat.getByText(late)).toBeVisible();
      await expect(page.getByText('Questions from the floor').first()).toBeVisible();
    });

    await test.step('the replay page shows nothing that was taken back, nor the chat of someone who asked not to be recorded', async () => {
      const { page } = moderator;
      // At the very end: everything said during the session has appeared by then.
      await page.goto(`${replayUrl.split('?')[0]}?t=1h`);
      const chat = page.getByRole('list', { name: 'Chat as it happened' });
      await expect(chat.getByText(edited)).toBeVisible();
      await expect(chat.getByRole('listitem')).toHaveCount(3);
      await expect(page.getByRole('list', { name: 'Questions as they were asked' }).getByRole('listitem')).toHaveCount(1);
      const shown = await page.locator('main').innerText();
      for (const words of retracted) expect(shown).not.toContain(words);
      expect(shown).not.toContain(unrecordedViewer.name);
    });

    await test.step('playback speed, audio only and captions an organiser attached', async () => {
      const { page } = moderator;
      await page.getByLabel('Playback speed').selectOption('1.5');
      await expect.poll(() => page.getByLabel('Session video').evaluate((video: HTMLVideoElement) => video.playbackRate)).toBe(1.5);
      await page.getByRole('button', { name: /^Audio only/ }).click();
      await expect(page.getByLabel('Session audio')).toBeVisible();
      await expect.poll(() => page.getByLabel('Session audio').evaluate((audio: HTMLAudioElement) => audio.playbackRate)).toBe(1.5);
      await page.getByRole('button', { name: /^Audio only/ }).click();

      // The organiser attaches captions and opens the session to everyone, from the library.
      await page.goto('/recordings');
      const controls = page.getByRole('group', { name: `Organiser controls for ${room.title}` });
      await controls.getByLabel('Captions file (WebVTT)').setInputFiles({
        name: 'captions.vtt',
        mimeType: 'text/vtt',
        buffer: Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome to the panel.\n'),
      });
      await expect(controls.getByText('Captions attached.').first()).toBeVisible();
      await controls.getByLabel('Who can watch').selectOption('public');
      await expect(controls.getByText('Now visible to: everyone.')).toBeVisible();
      await page.goto(replayUrl);
      await expect(page.getByLabel('Session video').locator('track[kind="captions"]')).toHaveCount(1);
      const cues = await page.getByLabel('Session video').evaluate(async (video: HTMLVideoElement) => {
        const track = video.textTracks[0]!;
        track.mode = 'hidden';
        for (let i = 0; i < 50 && (track.cues?.length ?? 0) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        return [...(track.cues ?? [])].map((cue) => (cue as VTTCue).text);
      });
      expect(cues).toEqual(['Welcome to the panel.']);
    });

    await test.step('a participant, who could not see it before, finds the public recording and watches it', async () => {
      const { page } = viewer;
      await page.goto('/recordings');
      const entry = page.getByRole('listitem').filter({ hasText: room.title });
      await entry.getByRole('link', { name: /^Watch/ }).click();
      await page.getByLabel('Session video').evaluate((video: HTMLVideoElement) => {
        video.muted = true;
        return video.play();
      });
      await expect.poll(async () => (await videoState(page)).currentTime).toBeGreaterThan(1);
    });

    await test.step('the download is a file ffprobe accepts', async () => {
      const { page } = moderator;
      for (const name of ['Download video', 'Download audio only']) {
        const href = await page.getByRole('link', { name }).getAttribute('href');
        const response = await page.request.get(href!);
        expect(response.ok()).toBe(true);
        const file = path.join(downloads, name.replace(/\W+/g, '-'));
        writeFileSync(file, await response.body());
        const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], {
          encoding: 'utf8',
        });
        expect(Number(probe.trim())).toBeGreaterThan(5);
      }
    });
  } finally {
    rmSync(downloads, { recursive: true, force: true });
    await close({ leave: true });
  }
});
