import { execFile } from 'node:child_process';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../test/browser.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { spawnServer, type ServerProcess } from '../test/serverProcess.js';
import { createClientAssets } from './clientAssets.js';
import { CSP_REPORTS_PER_MINUTE } from './cspReports.js';
import { sourceMapsDirOf } from './sourceMapsDir.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Another server process browsers may be sent to (an `ELSEWHERE` answer), as an operator lists it. */
const OTHER_PROCESS = 'http://127.0.0.1:3999';
/** A process nobody listed. */
const UNLISTED_PROCESS = 'http://127.0.0.1:4999';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A request with exactly the headers given (fetch adds its own
 * Accept-Encoding and decompresses), on a connection of its own.
 */
function send(
  baseUrl: string,
  pathAndQuery: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const target = { host: hostname, port, path: pathAndQuery, method: options.method ?? 'GET', headers: options.headers, agent: false };
    const req = request(target, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The policy as a map of directive → sources. */
function policyOf(reply: Reply): Map<string, string[]> {
  const header = String(reply.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const cspReport = (documentUri: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    'csp-report': {
      'document-uri': documentUri,
      'violated-directive': 'script-src-elem',
      'effective-directive': 'script-src-elem',
      'blocked-uri': 'inline',
      'line-number': 12,
      disposition: 'enforce',
      ...extra,
    },
  });

/**
 * How the built client reaches browsers, on the real server with the real
 * build (vite.config.ts): security headers on every response, the
 * Content-Security-Policy the pages run under, the precompressed assets and
 * their caching, and the endpoint that hears about policy violations.
 */
describe('the web client as the server delivers it', () => {
  let clientDir: string;
  let dataDir: string;
  let database: TestDatabase;
  let server: ServerProcess;
  let page: Reply;
  let scriptPath: string;

  beforeAll(async () => {
    clientDir = await mkdtemp(path.join(os.tmpdir(), 'convene-client-'));
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-delivery-'));
    await run(path.join(repoRoot, 'node_modules/.bin/vite'), ['build', '--outDir', clientDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: repoRoot,
    });
    database = await createTestDatabase();
    server = await spawnServer({
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      CLIENT_DIR: clientDir,
      CSP_CONNECT_SOURCES: OTHER_PROCESS,
    });
    page = await send(server.url, '/');
    const script = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(page.body.toString());
    scriptPath = script![1]!;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    await rm(clientDir, { recursive: true, force: true });
    await rm(sourceMapsDirOf(clientDir), { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('security headers', () => {
    it('forbid inline scripts and styles, plugins, foreign forms and framing', () => {
      expect(page.status).toBe(200);
      const policy = policyOf(page);
      expect(policy.get('default-src')).toEqual(["'self'"]);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('script-src-attr')).toEqual(["'none'"]);
      expect(policy.get('style-src')).toEqual(["'self'"]);
      expect(policy.get('img-src')).toEqual(["'self'", 'blob:']);
      expect(policy.get('media-src')).toEqual(["'self'", 'blob:']);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'self'"]);
      expect(policy.get('form-action')).toEqual(["'self'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(policy.get('report-uri')).toEqual(['/api/csp-reports']);
      expect(String(page.headers['content-security-policy'])).not.toMatch(/unsafe-|data:|\*/);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    });

    it('let the page connect to itself and to the other processes the operator listed, over WebSocket too', () => {
      expect(policyOf(page).get('connect-src')).toEqual(["'self'", OTHER_PROCESS, OTHER_PROCESS.replace('http:', 'ws:')]);
    });

    it('let a page in Chromium open the real-time connection to a listed process, and to no other', async () => {
      const browser = await launchChromium();
      try {
        const tab = await browser.newPage();
        await tab.goto(`${server.url}/`);
        // The browser reports the violation to the server too (checked in the log below).
        const reported = tab.waitForResponse((response) => response.url().endsWith('/api/csp-reports'));
        // As socket.io-client does when an ELSEWHERE answer sends it to another process (transports: ['websocket']).
        const blocked = await tab.evaluate(
          ({ listed, unlisted }) =>
            new Promise<string[]>((resolve) => {
              const violations: string[] = [];
              const done = { listedClosed: false, unlistedBlocked: false };
              const finish = () => done.listedClosed && done.unlistedBlocked && resolve(violations);
              document.addEventListener('securitypolicyviolation', (event) => {
                violations.push(event.blockedURI);
                done.unlistedBlocked ||= event.blockedURI.startsWith(unlisted);
                finish();
              });
              // Nobody listens there: the connection fails, after the policy let it be tried.
              new WebSocket(`${listed}/socket.io/?EIO=4&transport=websocket`).addEventListener('close', () => {
                done.listedClosed = true;
                finish();
              });
              try {
                new WebSocket(`${unlisted}/socket.io/?EIO=4&transport=websocket`);
              } catch {
                // Older Chromium threw at once; the violation event still fires.
              }
            }),
          { listed: OTHER_PROCESS.replace('http:', 'ws:'), unlisted: UNLISTED_PROCESS.replace('http:', 'ws:') },
        );
        expect(blocked).toEqual([expect.stringMatching(new RegExp(`^${UNLISTED_PROCESS.replace('http:', 'ws:')}`))]);
        expect((await reported).status()).toBe(204);
      } finally {
        await browser.close();
      }
    });

    it('match a page with nothing inline to allow: every script is a file, no style element or attribute, no handler', () => {
      const html = page.body.toString();
      expect(html.match(/<script\b[^>]*>/g)).toEqual([expect.stringMatching(/ src="\/assets\/[^"]+\.js"/)]);
      expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    });

    it('are the same on a client route, an asset and an API response', async () => {
      for (const pathAndQuery of ['/r/people-power?invite=x', scriptPath, '/api/rooms']) {
        const reply = await send(server.url, pathAndQuery);
        expect(reply.status, pathAndQuery).toBe(200);
        expect(reply.headers['content-security-policy'], pathAndQuery).toBe(page.headers['content-security-policy']);
        expect(reply.headers['x-content-type-options'], pathAndQuery).toBe('nosniff');
        expect(reply.headers['referrer-policy'], pathAndQuery).toBe('no-referrer');
        expect(reply.headers['x-frame-options'], pathAndQuery).toBe('DENY');
      }
    });
  });

  describe('assets', () => {
    it('are sent as brotli, gzip or identity, as the browser accepts, from the files the build wrote', async () => {
      const original = await readFile(path.join(clientDir, scriptPath));
      const br = await send(server.url, scriptPath, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
      const gzip = await send(server.url, scriptPath, { headers: { 'accept-encoding': 'gzip' } });
      const identity = await send(server.url, scriptPath, { headers: { 'accept-encoding': 'identity' } });
      const none = await send(server.url, scriptPath);

      expect(br.headers['content-encoding']).toBe('br');
      // (Buffer.equals: a deep comparison of half a megabyte takes the matcher seconds.)
      expect(br.body.equals(await readFile(path.join(clientDir, `${scriptPath}.br`)))).toBe(true);
      expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(original)).toBe(true);
      for (const plain of [identity, none]) {
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.body.equals(original)).toBe(true);
      }
      for (const reply of [br, gzip, identity, none]) {
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toMatch(/^(text|application)\/javascript/);
        expect(reply.headers.vary).toMatch(/Accept-Encoding/i);
        expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      }
      // The compressed files are what keeps the first load light.
      expect(br.body.length).toBeLessThan(original.length / 3);
      expect(gzip.body.length).toBeLessThan(original.length / 2.5);
    });

    it('include the stylesheet, compressed too', async () => {
      const stylesheet = /<link rel="stylesheet" crossorigin href="([^"]+)">/.exec(page.body.toString())![1]!;
      const reply = await send(server.url, stylesheet, { headers: { 'accept-encoding': 'br' } });
      expect(reply.headers['content-encoding']).toBe('br');
      expect(reply.headers['content-type']).toMatch(/^text\/css/);
      expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('keep the page itself revalidated, on every client route', async () => {
      for (const pathAndQuery of ['/', '/r/people-power', '/recordings']) {
        const reply = await send(server.url, pathAndQuery);
        expect(reply.headers['content-type'], pathAndQuery).toMatch(/^text\/html/);
        expect(reply.headers['cache-control'], pathAndQuery).toBe('no-cache');
        expect(reply.headers.etag, pathAndQuery).toBeTruthy();
      }
    });

    it('never answer a missing asset with the page, nor serve source maps unless configured', async () => {
      expect((await send(server.url, '/assets/index-gone1234.js')).status).toBe(404);
      const maps = (await readdir(path.join(sourceMapsDirOf(clientDir), 'assets'))).filter((file) => file.endsWith('.map'));
      expect(maps.length).toBeGreaterThan(0);
      for (const map of maps) {
        // However the path is spelt: escaped letters and dot segments are decoded and resolved by the file server.
        const spellings = [map, map.replace(/map$/, '%6Dap'), map.replace(/\.map$/, '%2Emap'), `${map}/.`, `x/../${map}`];
        for (const spelling of spellings) expect((await send(server.url, `/assets/${spelling}`)).status, spelling).toBe(404);
      }
      // They are not in the served directory at all: the build writes them beside it.
      expect((await readdir(path.join(clientDir, 'assets'))).filter((file) => file.includes('.map'))).toEqual([]);
      // The scripts do not point at their maps either ("hidden" maps, for whoever debugs a build).
      expect((await readFile(path.join(clientDir, scriptPath))).toString()).not.toContain('sourceMappingURL');

      // With SERVE_SOURCE_MAPS=true they are served.
      const app = express().use(createClientAssets({ clientDir, serveSourceMaps: true })!);
      const withMaps: Server = createServer(app);
      await new Promise<void>((resolve) => withMaps.listen(0, '127.0.0.1', resolve));
      try {
        const reply = await send(`http://127.0.0.1:${(withMaps.address() as AddressInfo).port}`, `/assets/${maps[0]}`);
        expect(reply.status).toBe(200);
      } finally {
        await new Promise((resolve) => withMaps.close(resolve));
      }
    });
  });

  describe('violation reports', () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoibW9kZXJhdG9yIn0.c2VjcmV0LXNpZ25hdHVyZQ';

    it('are logged at warn, without the tokens in the page address, and bad ones refused', async () => {
      const post = (body: string, contentType = 'application/csp-report') =>
        send(server.url, '/api/csp-reports', { method: 'POST', headers: { 'content-type': contentType }, body });

      expect((await post(cspReport(`${server.url}/r/people-power?invite=${secret}`))).status).toBe(204);
      expect((await post('{"csp-report": "inline"}')).status).toBe(400);
      expect((await post(cspReport('/', { 'script-sample': 'x'.repeat(9_000) }))).status).toBe(413);

      // A flood is cut off: the budget is per network address, refused as every such budget is.
      const replies: Reply[] = [];
      for (let i = 0; i < CSP_REPORTS_PER_MINUTE; i += 1) replies.push(await post(cspReport('/')));
      const refusal = replies.at(-1)!;
      expect(refusal.status).toBe(429);
      expect(Number(refusal.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(refusal.body.toString())).toMatchObject({ error: { code: 'RATE_LIMITED' } });

      await server.stop();
      const lines = server
        .output()
        .split('\n')
        .filter((line) => line.includes('content security policy violated'))
        .map((line) => JSON.parse(line) as { level: number; cspViolation: Record<string, unknown> });
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          cspViolation: expect.objectContaining({
            documentUri: `${server.url}/r/people-power?invite=[redacted]`,
            directive: 'script-src-elem',
            blockedUri: 'inline',
            line: 12,
          }),
        }),
      );
      // Chromium's own report, from the blocked connection above.
      expect(lines).toContainEqual(
        expect.objectContaining({
          cspViolation: expect.objectContaining({ directive: 'connect-src', blockedUri: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:4999/) }),
        }),
      );
      expect(server.output()).not.toContain(secret);
    });
  });
});
