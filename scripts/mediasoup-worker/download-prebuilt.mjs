// Fetches mediasoup's own prebuilt worker for this platform, the way its
// postinstall would, into a given path. Exits non-zero when it cannot (no
// internet, no build for this platform); the caller then builds from source.
//
// Usage: node download-prebuilt.mjs OUTPUT_BINARY
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const output = process.argv[2];
const pkg = JSON.parse(readFileSync('node_modules/mediasoup/package.json', 'utf8'));
// The release address comes from mediasoup's own package metadata.
const base = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const tarball = `mediasoup-worker-${pkg.version}-${os.platform()}-${os.arch()}.tgz`;
const url = `${base}/releases/download/${pkg.version}/${tarball}`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mediasoup-prebuilt-'));
  writeFileSync(path.join(dir, tarball), Buffer.from(await response.arrayBuffer()));
  const untar = spawnSync('tar', ['xzf', tarball], { cwd: dir, stdio: 'inherit' });
  if (untar.status !== 0) throw new Error('could not unpack the prebuilt worker');
  mkdirSync(path.dirname(output), { recursive: true });
  renameSync(path.join(dir, 'mediasoup-worker'), output);
  rmSync(dir, { recursive: true, force: true });
  console.log(`prebuilt mediasoup-worker ${pkg.version} downloaded`);
} catch (error) {
  console.log(`no prebuilt mediasoup-worker (${error.cause?.code ?? error.message}); it will be built from source`);
  process.exit(1);
}
