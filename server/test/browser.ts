import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/testEnvironment.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
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

/** Opens a room's page (optionally with an invitation token) in a fresh context and joins under a name. */
export async function joinRoomPage(browser: Browser, url: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect.poll(() => page.getByTestId('room-status').getAttribute('data-status')).toBe('joined');
  return page;
}

/** Resolves once the page's decoded-frame and audio-packet counters move past what they were. */
export async function expectMediaFlowing(page: Page): Promise<void> {
  await expect.poll(async () => (await receivedMedia(page)).frameWidth, { timeout: 30_000 }).toBeGreaterThan(0);
  const before = await receivedMedia(page);
  await expect
    .poll(async () => {
      const now = await receivedMedia(page);
      return now.framesDecoded > before.framesDecoded && now.audioPackets > before.audioPackets;
    }, { timeout: 30_000 })
    .toBe(true);
}
