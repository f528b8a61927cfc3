import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createCast, joinByLink, roomForSpec } from './participant.js';

/** This spec's demo room (see conversation.spec.ts for the others'). */
const ROOM_INDEX = 6;

/** Packaging encodes the session on this machine's spare CPU: allow for a slow, busy one. */
const PACKAGED_WITHIN_MS = 120_000;

async function sendChat(page: Page, text: string): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Chat', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('tab', { name: 'Chat' }).click();
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
 */
test('a recorded session is packaged, found in the library and replayed with its chat in sync', async ({ browser }) => {
  test.setTimeout(240_000);
  const tag = Date.now().toString(36);
  const early = `Welcome, everyone (${tag})`;
  const late = `Thank you for the panel (${tag})`;
  const question = `How do we fund local movements? (${tag})`;
  const { open, close } = createCast(browser);
  const downloads = mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-download-'));
  try {
    const moderator = await open('Moira');
    const speaker = await open('Sipho');
    const viewer = await open('Ana');
    const room = await roomForSpec(moderator.page, ROOM_INDEX);

    await test.step('a moderator, a speaker and a participant join', async () => {
      await joinByLink(moderator, room, { role: 'moderator' });
      await joinByLink(speaker, room, { role: 'speaker' });
      await joinByLink(viewer, room);
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
      await expect(moderator.page.getByTestId('recording-indicator')).toContainText('0:04');
      await askQuestion(viewer.page, question);
      await moderator.page.getByRole('button', { name: 'Mark chapter' }).click();
      await moderator.page.getByLabel('Chapter title').fill('Questions from the floor');
      await moderator.page.getByRole('button', { name: 'Mark chapter' }).last().click();
      await expect(moderator.page.getByTestId('recording-indicator')).toContainText('0:08');
      await sendChat(viewer.page, late);
      await expect(moderator.page.getByTestId('recording-indicator')).toContainText('0:10');
    });

    await test.step('the moderator stops it (after confirming)', async () => {
      await moderator.page.getByRole('button', { name: 'Stop recording' }).click();
      await moderator.page.getByRole('dialog').getByRole('button', { name: 'Stop recording' }).click();
      for (const { page } of [moderator, speaker, viewer]) {
        await expect(page.getByTestId('recording-indicator')).toHaveCount(0);
      }
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
