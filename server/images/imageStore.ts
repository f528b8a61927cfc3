import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../shared/errors.js';

/** What an image is for: a person's photo or a partner's logo, each with its largest side once re-encoded. */
export type ImagePurpose = 'photo' | 'logo';
const LARGEST_SIDE: Record<ImagePurpose, number> = { photo: 800, logo: 600 };

/** Formats read from an upload: what cameras and design tools write. SVG (scripts), GIF (animation) and the rest are refused. */
const READ_FORMATS = new Set(['jpeg', 'png', 'webp']);
/** A 24-megapixel ceiling (a phone camera's photo): a small file that unpacks into a huge bitmap (a decompression bomb) is refused before it is decoded. */
const MAX_INPUT_PIXELS = 24_000_000;

/** JPEG, PNG or WebP by their first bytes: anything else is refused before a decoder sees it. */
function looksLikeImage(bytes: Buffer): boolean {
  const startsWith = (signature: number[], at = 0) => signature.every((byte, index) => bytes[at + index] === byte);
  return (
    startsWith([0xff, 0xd8, 0xff]) ||
    startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ||
    (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8))
  );
}
/** Names this store gives: nothing from a request ever becomes a path. */
const FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.webp$/;

/**
 * Uploaded photos and logos, kept below one directory. Each upload is
 * checked by its content (never its name or declared type), decoded
 * within a pixel ceiling, turned upright, shrunk to its purpose's size and
 * re-encoded as WebP: what is kept holds no camera metadata (EXIF, GPS,
 * the device), which matters for people whose whereabouts are a risk.
 */
export interface ImageStore {
  /** The re-encoded image's file name; INVALID_PAYLOAD when the bytes are not a JPEG, PNG or WebP image within bounds. */
  accept(bytes: Buffer, purpose: ImagePurpose): Promise<string>;
  /** Deletes a file this store named (an unknown name is ignored). */
  remove(file: string | null): Promise<void>;
  /** The file's absolute path, or null when the name is not one this store gives. */
  pathOf(file: string): string | null;
}

export function createImageStore(directory: string): ImageStore {
  const pathOf = (file: string) => (FILE_NAME.test(file) ? path.join(directory, file) : null);
  // One decode at a time: a 24-megapixel picture takes about 100 MB while it is decoded, and this process carries media too.
  let decoding: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const run = decoding.then(task, task);
    decoding = run.catch(() => undefined);
    return run;
  };
  return {
    pathOf,

    async accept(bytes, purpose) {
      const refuse = (why: string): never => {
        throw new AppError('INVALID_PAYLOAD', `not an image we can use: ${why}`);
      };
      const read = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false });
      if (!looksLikeImage(bytes)) refuse('send a JPEG, PNG or WebP image');
      let encoded: Buffer;
      try {
        const { format } = await read().metadata();
        if (!READ_FORMATS.has(format)) refuse('send a JPEG, PNG or WebP image');
        const side = LARGEST_SIDE[purpose];
        encoded = await oneAtATime(() =>
          read().autoOrient().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }).webp({ quality: 82 }).toBuffer(),
        );
      } catch (error) {
        if (error instanceof AppError) throw error;
        // sharp's messages name the decoder's complaint (truncated, too many pixels, unknown format).
        return refuse(error instanceof Error ? error.message : 'it could not be read');
      }
      const file = `${randomUUID()}.webp`;
      await mkdir(directory, { recursive: true });
      // Written aside, then renamed: a reader never meets half a file.
      const partial = path.join(directory, `.${file}.partial`);
      await writeFile(partial, encoded, { mode: 0o644 });
      await rename(partial, path.join(directory, file));
      return file;
    },

    async remove(file) {
      const target = file === null ? null : pathOf(file);
      if (target) await rm(target, { force: true });
    },
  };
}
