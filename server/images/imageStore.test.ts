import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImageStore, type ImageStore } from './imageStore.js';

let directory: string;
let store: ImageStore;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'convene-images-'));
  store = createImageStore(directory);
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const picture = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#2a6' } });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = (await promise.then(
    () => null,
    (caught: unknown) => caught,
  )) as { code?: string } | null;
  return error?.code ?? 'accepted';
}

describe('image store', () => {
  it('keeps a camera photo as a smaller WebP without its metadata (where it was taken, by whom)', async () => {
    const photo = await picture(2400, 1600)
      .jpeg()
      .withExif({ IFD0: { Artist: 'Someone at risk', Copyright: 'Kampala, 0.3476 N 32.5825 E' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();

    const file = await store.accept(photo, 'photo');

    const kept = await readFile(store.pathOf(file)!);
    const metadata = await sharp(kept).metadata();
    expect(metadata.format).toBe('webp');
    expect([metadata.width, metadata.height]).toEqual([800, 533]);
    expect(metadata.exif).toBeUndefined();
    expect(kept.includes(Buffer.from('Kampala'))).toBe(false);
  });

  it('turns a photo upright by its orientation tag before dropping the tag', async () => {
    // Stored sideways (100×60) with "rotate 90°": upright it is 60×100.
    const sideways = await picture(100, 60).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const file = await store.accept(sideways, 'logo');
    const metadata = await sharp(store.pathOf(file)!).metadata();
    expect([metadata.width, metadata.height, metadata.orientation]).toEqual([60, 100, undefined]);
  });

  it('refuses what is not a JPEG, PNG or WebP image, and a picture too large to decode, writing nothing', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const gif = await picture(10, 10).gif().toBuffer();
    const png = await picture(300, 300).png().toBuffer();
    // 8000×8000 of one colour packs small and unpacks into 64 megapixels.
    const bomb = await picture(8000, 8000).png({ compressionLevel: 9 }).toBuffer();

    expect(await refusal(store.accept(Buffer.from('hello, not an image'), 'photo'))).toBe('INVALID_PAYLOAD');
    expect(await refusal(store.accept(svg, 'logo'))).toBe('INVALID_PAYLOAD');
    expect(await refusal(store.accept(gif, 'logo'))).toBe('INVALID_PAYLOAD');
    expect(await refusal(store.accept(png.subarray(0, png.length / 2), 'photo'))).toBe('INVALID_PAYLOAD');
    expect(await refusal(store.accept(bomb, 'photo'))).toBe('INVALID_PAYLOAD');
    expect(await readdir(directory)).toEqual([]);
  });

  it('serves and removes only names it gives', async () => {
    const file = await store.accept(await picture(20, 20).png().toBuffer(), 'logo');
    expect(store.pathOf('../setup-code')).toBeNull();
    expect(store.pathOf(`${file}/..`)).toBeNull();
    await store.remove('../setup-code');
    await store.remove(file);
    expect(await readdir(directory)).toEqual([]);
  });
});
