import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { sourceMapsDirOf } from './sourceMapsDir.js';

/** Vite names every file under assets/ after a hash of its content: a new build is a new name. */
const HASHED_ASSETS_DIR = `assets${path.sep}`;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Revalidated on every load (cheap with the ETag): it names the current build's assets. */
export const REVALIDATE = 'no-cache';

export interface ClientAssetSettings {
  /** The built client (vite build output). */
  clientDir: string;
  /**
   * Whether the build's source maps are served (SERVE_SOURCE_MAPS), from
   * where the build keeps them, beside `clientDir` (sourceMapsDir.ts).
   */
  serveSourceMaps: boolean;
}

/**
 * The built client, light on a weak connection: each text asset is sent as
 * the brotli or gzip file the build wrote beside it (vite.config.ts), as the
 * browser accepts, never compressed per request; content-hashed assets are
 * cached for a year; `index.html` (every client route: /r/:roomId, /recordings…)
 * is revalidated so a new build reaches people at their next load.
 *
 * Null when the client is not built.
 */
export function createClientAssets(settings: ClientAssetSettings): Router | null {
  const indexHtml = path.join(settings.clientDir, 'index.html');
  if (!existsSync(indexHtml)) return null;
  const router = express.Router();

  /** Content-hashed files are cached for a year, anything else revalidated. */
  const cacheControlFrom =
    (root: string) =>
    (res: ServerResponse, filePath: string): void => {
      res.setHeader('Cache-Control', path.relative(root, filePath).startsWith(HASHED_ASSETS_DIR) ? IMMUTABLE : REVALIDATE);
    };
  router.use(
    expressStaticGzip(settings.clientDir, {
      enableBrotli: true,
      // Brotli is about a sixth smaller than gzip on our scripts; identity for clients that accept neither.
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: { index: false, cacheControl: false, setHeaders: cacheControlFrom(settings.clientDir) },
    }),
  );
  // The maps are not in the directory served above (the build keeps them beside it): only this serves them.
  if (settings.serveSourceMaps) {
    const mapsDir = sourceMapsDirOf(settings.clientDir);
    router.use(express.static(mapsDir, { index: false, cacheControl: false, setHeaders: cacheControlFrom(mapsDir) }));
  }
  // A hashed asset that is not there (a page from an older build asking for its chunk) is a 404, not the page.
  router.use('/assets', (_req, res) => {
    res.status(404).end();
  });
  // Client-side routes all load the same page.
  router.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(indexHtml, { cacheControl: false });
  });
  return router;
}
