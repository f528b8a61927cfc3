import { newToken, tokenDigest } from '../accounts/secrets.js';
import type { PrismaClient } from '../db/generated/client.js';

/** A server and its database: a test platform, or processes started apart with a database opened beside them. */
export interface ServerWithDatabase {
  url: string;
  db: { prisma: PrismaClient };
}

/** One browser over HTTP: its cookies, and the CSRF token it read. */
export class HttpBrowser {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly base: string) {}

  async call(method: 'GET' | 'POST', path: string, body?: unknown, { withCsrf = true } = {}) {
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (withCsrf && this.csrf) headers['x-csrf-token'] = this.csrf;
    const response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown>, setCookies: response.headers.getSetCookie() };
  }

  /** Sends bytes as the request's body, as a browser's `fetch(url, { body: file })` does (an image upload). */
  async upload(path: string, bytes: Uint8Array, contentType: string, { withCsrf = true } = {}) {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'content-type': contentType,
    };
    if (withCsrf && this.csrf) headers['x-csrf-token'] = this.csrf;
    const response = await fetch(`${this.base}${path}`, { method: 'POST', headers, body: new Blob([new Uint8Array(bytes)]) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  }

  /** The Cookie header this browser sends (for requests made beside it, a download say). */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Takes a session cookie made beside the server (see signedInBrowsers). */
  adoptSession(token: string): void {
    this.cookies.set('convene.session', token);
  }

  async refreshCsrf(): Promise<void> {
    this.csrf = (await this.call('GET', '/api/account/csrf')).body.csrfToken as string;
  }
}

export const errorCode = (answer: { body: Record<string, unknown> | null }) =>
  (answer.body?.error as { code?: string } | undefined)?.code;

const VERIFY_LINK = /\/account\/verify\?token=([A-Za-z0-9_-]{43})/;

/**
 * A browser signed in to a new account, made as a person makes one: sign
 * up, follow the link from the verification mail (read from the outbox,
 * where mail waits without SMTP), sign in.
 */
export async function signedUpBrowser(platform: ServerWithDatabase, email: string, displayName: string): Promise<HttpBrowser> {
  const browser = new HttpBrowser(platform.url);
  await browser.refreshCsrf();
  const password = `${displayName} has a long passphrase`;
  const signUp = await browser.call('POST', '/api/account/sign-up', { email, password, displayName });
  if (signUp.status !== 202) throw new Error(`sign-up: HTTP ${signUp.status}`);
  const mail = await platform.db.prisma.outboxMessage.findFirstOrThrow({ where: { to: email, kind: 'verify' }, orderBy: { createdAt: 'desc' } });
  const token = VERIFY_LINK.exec(mail.text)?.[1];
  if (!token) throw new Error('no verification link in the mail');
  if ((await browser.call('POST', '/api/account/verify', { token })).status !== 200) throw new Error('verify failed');
  const signIn = await browser.call('POST', '/api/account/sign-in', { email, password });
  if (signIn.status !== 200) throw new Error(`sign-in: HTTP ${signIn.status}`);
  // A new session: its own CSRF token.
  await browser.refreshCsrf();
  return browser;
}

/** A socket identity for the browser's signed-in account in one session's room (its roles come from the grants); without one, the library's. */
export async function accountToken(browser: HttpBrowser, roomId?: string): Promise<string> {
  const answer = await browser.call('POST', '/api/account/identity', roomId === undefined ? {} : { roomId });
  if (answer.status !== 201) throw new Error(`account identity: HTTP ${answer.status}`);
  return answer.body.token as string;
}

/**
 * Browsers signed in to new, confirmed accounts, made straight in the
 * database (an account and a session row, as sign-up and sign-in leave
 * them) rather than one password hash each: for tests that need many
 * people at once. Signing up itself is tested by signedUpBrowser's users.
 */
export async function signedInBrowsers(platform: ServerWithDatabase, people: readonly { email: string; displayName: string }[]): Promise<HttpBrowser[]> {
  return Promise.all(
    people.map(async ({ email, displayName }) => {
      const token = newToken();
      await platform.db.prisma.account.create({
        data: {
          email,
          displayName,
          emailVerifiedAt: new Date(),
          // Nobody signs in with a password here.
          passwordHash: 'unusable',
          sessions: { create: { id: tokenDigest(token), expiresAt: new Date(Date.now() + 3_600_000) } },
        },
      });
      const browser = new HttpBrowser(platform.url);
      browser.adoptSession(token);
      await browser.refreshCsrf();
      return browser;
    }),
  );
}
