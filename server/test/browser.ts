import { chromium, type Browser, type Page } from 'playwright-core';
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
