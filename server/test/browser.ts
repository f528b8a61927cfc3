import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ConveneDiagnostics } from '../../client/src/diagnostics/installDiagnostics.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './testEnvironment.js';

export interface ChromiumOptions {
  /**
   * The fake camera's frame rate (Chromium's default is 20). Tests with many
   * pages at once lower it so two cores keep up with every encoder.
   */
  cameraFps?: number;
}

export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  // A later switch replaces an earlier one of the same name.
  const extra = options.cameraFps === undefined ? [] : [`--use-fake-device-for-media-stream=fps=${options.cameraFps}`];
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...extra],
  });
}

export interface ReceivedMedia {
  framesDecoded: number;
  frameWidth: number;
  audioPackets: number;
}

/** Sums what a page has received, from its own WebRTC stats (the probe entry excluded by the client). */
export async function receivedMedia(page: Page): Promise<ReceivedMedia> {
  const stats = await page.evaluate(() =>
    (window as unknown as { __convene: { getInboundRtpStats(): Promise<Array<Record<string, number | string>>> } })
      .__convene.getInboundRtpStats(),
  );
  let framesDecoded = 0;
  let frameWidth = 0;
  let audioPackets = 0;
  for (const entry of stats) {
    if (entry.kind === 'video') {
      framesDecoded += Number(entry.framesDecoded ?? 0);
      frameWidth = Math.max(frameWidth, Number(entry.frameWidth ?? 0));
    } else if (entry.kind === 'audio') {
      audioPackets += Number(entry.packetsReceived ?? 0);
    }
  }
  return { framesDecoded, frameWidth, audioPackets };
}

/**
 * How long joining or the first media may take before a test gives up: a
 * second or two when idle, but a loaded machine (another suite, `stress-ng`)
 * is slow to set up Chromium and media.
 */
const MEDIA_CEILING_MS = 60_000;

export interface JoinPageOptions {
  /** How long joining may take (default {@link MEDIA_CEILING_MS}). */
  timeout?: number;
  /** The window's size (Playwright's 1280×720 unless given): off-screen tiles receive no video. */
  viewport?: { width: number; height: number };
}

/** Opens a room's page (optionally with an invitation token) in a fresh context and joins under a name. */
export async function joinRoomPage(browser: Browser, url: string, name: string, options: JoinPageOptions = {}): Promise<Page> {
  const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  // Each look is short: before the room renders there is no indicator, and a look that waits for it
  // (Playwright's own 30 s) would end the poll early on a busy machine.
  await expect
    .poll(() => page.getByTestId('room-status').getAttribute('data-status', { timeout: 1_000 }).catch(() => null), {
      timeout: options.timeout ?? MEDIA_CEILING_MS,
    })
    .toBe('joined');
  return page;
}

/** Resolves once the page's decoded-frame and audio-packet counters move past what they were. */
export async function expectMediaFlowing(page: Page): Promise<void> {
  await expect.poll(async () => (await receivedMedia(page)).frameWidth, { timeout: MEDIA_CEILING_MS }).toBeGreaterThan(0);
  const before = await receivedMedia(page);
  await expect
    .poll(async () => {
      const now = await receivedMedia(page);
      return now.framesDecoded > before.framesDecoded && now.audioPackets > before.audioPackets;
    }, { timeout: MEDIA_CEILING_MS })
    .toBe(true);
}

/** What a page receives from one peer: decoded video frames and audio packets, over all its tracks. */
export interface PeerMedia {
  framesDecoded: number;
  audioPackets: number;
}

/**
 * What a page has received, per sending peer (by peer id, as the room the
 * page is in knows it). Streams the page cannot attribute to a consumer it
 * holds are counted under `null`.
 */
export async function receivedByPeer(page: Page): Promise<Map<string | null, PeerMedia>> {
  const stats = await page.evaluate(() => {
    const diagnostics: ConveneDiagnostics | undefined = window.__convene;
    if (!diagnostics) throw new Error('this page exposes no window.__convene');
    return diagnostics.getInboundRtpStats();
  });
  const byPeer = new Map<string | null, PeerMedia>();
  for (const entry of stats) {
    const key = entry.peerId ?? null;
    const media = byPeer.get(key) ?? { framesDecoded: 0, audioPackets: 0 };
    if (entry.kind === 'video') media.framesDecoded += entry.framesDecoded ?? 0;
    else media.audioPackets += entry.packetsReceived;
    byPeer.set(key, media);
  }
  return byPeer;
}

/**
 * Resolves once what a page receives from one peer is moving: decoded
 * frames (unless `video` is false) and audio packets (unless `audio` is
 * false) grow past what they were when it first arrived. `timeout` is
 * per wait ({@link MEDIA_CEILING_MS} unless given).
 */
export async function expectMediaFrom(
  page: Page,
  peerId: string,
  expected: { video?: boolean; audio?: boolean; timeout?: number } = {},
): Promise<void> {
  const { video = true, audio = true, timeout = MEDIA_CEILING_MS } = expected;
  const from = async () => (await receivedByPeer(page)).get(peerId) ?? { framesDecoded: 0, audioPackets: 0 };
  const isAhead = (now: PeerMedia, before: PeerMedia) =>
    (!video || now.framesDecoded > before.framesDecoded) && (!audio || now.audioPackets > before.audioPackets);
  const nothing = { framesDecoded: 0, audioPackets: 0 };
  await expect.poll(async () => isAhead(await from(), nothing), { timeout }).toBe(true);
  const before = await from();
  await expect.poll(async () => isAhead(await from(), before), { timeout }).toBe(true);
}
