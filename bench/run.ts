/**
 * `npm run bench -- <name>` runs bench/<name>.ts. Each benchmark measures a
 * baseline in the same run and prints, as its last line, one JSON object with
 * the figures its issue names.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -3));
const name = process.argv[2];

if (!name || !available.includes(name)) {
  process.stderr.write(
    `${name ? `No benchmark named "${name}". ` : ''}Usage: npm run bench -- <name>\n` +
      `Available: ${available.length ? available.join(', ') : '(none yet)'}\n`,
  );
  process.exit(name ? 1 : 0);
}
await import(pathToFileURL(path.join(here, `${name}.ts`)).href);
