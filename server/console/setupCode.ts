import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The first-run screen's proof that whoever fills it in runs the server:
 * a code written to the data directory (readable by the operator alone)
 * while no event has an organiser. Never logged; used once.
 */
export interface SetupCode {
  /** Writes the code if there is none yet; returns the file's path (for the operator, in the log). */
  ensure(): Promise<string>;
  matches(given: string): Promise<boolean>;
  /** The first organiser exists: the code is spent. */
  spend(): Promise<void>;
}

export function createSetupCode(dataDir: string): SetupCode {
  const file = path.join(dataDir, 'setup-code');
  const read = () => readFile(file, 'utf8').then((text) => text.trim(), () => null);
  return {
    async ensure() {
      await mkdir(dataDir, { recursive: true });
      // 'wx': another process's code stands; either way the file holds one.
      await writeFile(file, `${randomBytes(12).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
      return file;
    },
    async matches(given) {
      const code = await read();
      if (!code) return false;
      const [a, b] = [Buffer.from(code), Buffer.from(given.trim())];
      return a.length === b.length && timingSafeEqual(a, b);
    },
    async spend() {
      await rm(file, { force: true });
    },
  };
}
