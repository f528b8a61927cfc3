/**
 * Where a client build keeps its source maps: beside the directory the
 * server serves (`dist/client-maps` for `dist/client`), never in it. The
 * build puts them there (vite.config.ts), and the server serves them only
 * with SERVE_SOURCE_MAPS=true (clientAssets.ts), so no spelling of a
 * request's path can reach one otherwise.
 */
export function sourceMapsDirOf(clientDir: string): string {
  return `${clientDir.replace(/[\\/]+$/, '')}-maps`;
}
