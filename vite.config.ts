import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The client lives in client/ and is served by the Node server from
// dist/client in production; in development Vite serves it and forwards the
// API and the Socket.IO connection to the server on :3000.
const SERVER = 'http://localhost:3000';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/socket.io': { target: SERVER, ws: true },
    },
  },
});
