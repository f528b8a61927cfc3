import express, { type Router } from 'express';
import type { ImageStore } from './imageStore.js';

/**
 * `/api/images/:file`: photos and logos, by the names the image store
 * gave them (random, so a draft's pictures are not found by guessing).
 * A file never changes under its name, so it is cached for good; the
 * type is fixed, never sniffed.
 */
export function createImageRouter(images: Pick<ImageStore, 'pathOf'>): Router {
  const router = express.Router();
  router.get('/:file', (req, res) => {
    const file = images.pathOf(req.params.file);
    const missing = () => res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such image' } });
    if (!file) {
      missing();
      return;
    }
    res.sendFile(
      file,
      {
        headers: {
          'Content-Type': 'image/webp',
          'Cache-Control': 'public, max-age=31536000, immutable',
          'X-Content-Type-Options': 'nosniff',
          // Served as a picture to look at, never a page to run.
          'Content-Security-Policy': "default-src 'none'",
        },
        dotfiles: 'deny',
      },
      (error) => {
        if (error && !res.headersSent) missing();
      },
    );
  });
  return router;
}
