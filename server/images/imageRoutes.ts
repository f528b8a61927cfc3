import express, { type Router } from 'express';
import type { ImageStore } from './imageStore.js';

/**
 * `/api/images/:file`: photos and logos, by the names the image store
 * gave them (random, so a draft's pictures are not found by guessing).
 * Cached briefly, by the browser alone: a picture someone removed (a
 * person at risk, say) is gone from everyone's view within minutes, not
 * kept by shared caches. The type is fixed, never sniffed.
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
          'Cache-Control': 'private, max-age=300',
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
