import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

// The client lives in client/ and is served by the Node server from
// dist/client in production; in development Vite serves it and forwards the
// API and the Socket.IO connection to the server on :3000.
const SERVER = 'http://localhost:3000';

export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    // Text assets are compressed once, here, with the strongest settings
    // (brotli 11, gzip 9): the server sends the `.br` or `.gz` beside each
    // file (server/http/clientAssets.ts) and never compresses per request.
    // Below 1 KB the saving does not pay for the extra files.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' }),
  ],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Maps are written for whoever debugs a build, but no script points at
    // them and the server serves them only with SERVE_SOURCE_MAPS=true.
    sourcemap: 'hidden',
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/socket.io': { target: SERVER, ws: true },
    },
  },
});
