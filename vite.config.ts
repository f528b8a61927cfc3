import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { sourceMapsDirOf } from './server/http/sourceMapsDir.js';

// The client lives in client/ and is served by the Node server from
// dist/client in production; in development Vite serves it and forwards the
// API and the Socket.IO connection to the server on :3000.
const SERVER = 'http://localhost:3000';

/**
 * Moves the build's source maps out of the directory the server serves, to
 * the one beside it (server/http/sourceMapsDir.ts): a map the server is not
 * configured to serve is then not reachable by any spelling of its path.
 */
function sourceMapsBeside(): Plugin {
  let outDir = '';
  return {
    name: 'convene:source-maps-beside',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(options, bundle) {
      const from = options.dir ?? outDir;
      const mapsDir = sourceMapsDirOf(from);
      await rm(mapsDir, { recursive: true, force: true });
      for (const fileName of Object.keys(bundle).filter((name) => name.endsWith('.map'))) {
        await mkdir(path.dirname(path.join(mapsDir, fileName)), { recursive: true });
        await rename(path.join(from, fileName), path.join(mapsDir, fileName));
      }
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    // Text assets are compressed once, here, with the strongest settings
    // (brotli 11, gzip 9): the server sends the `.br` or `.gz` beside each
    // file (server/http/clientAssets.ts) and never compresses per request.
    // Below 1 KB the saving does not pay for the extra files.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' }),
    sourceMapsBeside(),
  ],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Maps are written for whoever debugs a build, but no script points at
    // them, they are moved beside the served directory (sourceMapsBeside)
    // and the server serves them only with SERVE_SOURCE_MAPS=true.
    sourcemap: 'hidden',
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/socket.io': { target: SERVER, ws: true },
    },
  },
});
