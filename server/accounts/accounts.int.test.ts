import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../../shared/accounts.js';
import { errorCode, HttpBrowser } from '../test/httpBrowser.js';
import { startSmtpCatcher, type SmtpCatcher } from '../test/smtpCatcher.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';


/**
 * Accounts over HTTP on the real server, PostgreSQL, and a real SMTP server
 * on loopback: sign-up, the verification mail delivered, sign-in with its
 * cookie, CSRF, the lockout and its end, signing out everywhere.
 */
describe('accounts (real server, database and SMTP)', () => {
  let smtp: SmtpCatcher;
  let platform: TestPlatform;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    platform = await startTestPlatform({ SMTP_URL: smtp.url, MAIL_FROM: 'Convene <events@convene.test>', RATE_SIGN_IN_BLOCK_SECONDS: '2' });
  });

  afterAll(async () => {
    await platform?.dispose();
    await smtp?.close();
  });

  it('signs up, mails a verification link over SMTP, and signs in once the address is confirmed', async () => {
    const browser = new HttpBrowser(platform.url);
    await browser.refreshCsrf();
    const signUp = await browser.call('POST', '/api/account/sign-up', { email: ' Amina@Example.org ', password: 'people power 2021', displayName: 'Amina' });
    expect(signUp.status).toBe(202);

    const mail = await smtp.nextTo('amina@example.org');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Convene', address: 'events@convene.test' });
    expect(mail.subject).toBe('Confirm your email address for Convene');
    expect(mail.text).toContain('Hello Amina');
    const token = /\/account\/verify\?token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
    expect(token).toBeDefined();
    // Marked sent once the SMTP server accepted it.
    await expect
      .poll(() => platform.db.prisma.outboxMessage.findFirst({ where: { to: 'amina@example.org', kind: 'verify' } }))
      .toMatchObject({ state: 'sent', attempts: 1, lastError: null });
    // Only the digest is kept; the password only as argon2id.
    const account = await platform.db.prisma.account.findUniqueOrThrow({ where: { email: 'amina@example.org' }, include: { tokens: true } });
    expect(account.passwordHash).toMatch(/^\$argon2id\$/);
    expect(account.tokens.map((row) => row.id)).not.toContain(token);

    // Not yet confirmed: refused, saying why; a new link only once the last is ten minutes old.
    const early = await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'people power 2021' });
    expect([early.status, errorCode(early)]).toEqual([403, 'FORBIDDEN']);
    expect(await platform.db.prisma.outboxMessage.count({ where: { to: 'amina@example.org', kind: 'verify' } })).toBe(1);
    await platform.db.prisma.accountToken.updateMany({ data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
    await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'people power 2021' });
    const resent = await smtp.nextTo('amina@example.org', (received) => received !== mail && received.subject === mail.subject);
    expect(/\/account\/verify\?token=([A-Za-z0-9_-]{43})/.exec(resent.text ?? '')?.[1]).not.toBe(token);

    expect((await browser.call('POST', '/api/account/verify', { token })).status).toBe(200);
    // A link works once.
    const again = await browser.call('POST', '/api/account/verify', { token });
    expect([again.status, errorCode(again)]).toEqual([404, 'NOT_FOUND']);

    const signIn = await browser.call('POST', '/api/account/sign-in', { email: 'AMINA@example.org', password: 'people power 2021' });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ email: 'amina@example.org', displayName: 'Amina', emailVerified: true });
    expect(Object.keys(signIn.body).sort()).toEqual(['createdAt', 'displayName', 'email', 'emailVerified', 'id']);
    const cookie = signIn.setCookies.find((line) => line.startsWith('convene.session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await browser.call('GET', '/api/account/me');
    expect((me.body as unknown as AccountView).email).toBe('amina@example.org');
  });

  it('says the same to a second sign-up with a taken address, and tells the owner by email instead', async () => {
    const browser = new HttpBrowser(platform.url);
    await browser.refreshCsrf();
    const answer = await browser.call('POST', '/api/account/sign-up', { email: 'amina@example.org', password: 'another password', displayName: 'Impostor' });
    expect(answer.status).toBe(202);
    const mail = await smtp.nextTo('amina@example.org', (received) => received.subject === 'Someone tried to sign up with your address');
    expect(mail.text).toContain('already has one');
    expect(await platform.db.prisma.account.count({ where: { email: 'amina@example.org' } })).toBe(1);
  });

  it('refuses a state-changing request without the CSRF token, or with another browser’s', async () => {
    const browser = new HttpBrowser(platform.url);
    const bare = await browser.call('POST', '/api/account/sign-up', { email: 'bo@example.org', password: 'long enough pw', displayName: 'Bo' });
    expect([bare.status, errorCode(bare)]).toEqual([403, 'STALE_PAGE']);
    const other = new HttpBrowser(platform.url);
    await other.refreshCsrf();
    browser.csrf = other.csrf;
    const borrowed = await browser.call('POST', '/api/account/sign-up', { email: 'bo@example.org', password: 'long enough pw', displayName: 'Bo' });
    expect([borrowed.status, errorCode(borrowed)]).toEqual([403, 'STALE_PAGE']);
    expect(await platform.db.prisma.account.count({ where: { email: 'bo@example.org' } })).toBe(0);
    // Malformed input: a clear code, nothing written.
    await browser.refreshCsrf();
    const short = await browser.call('POST', '/api/account/sign-up', { email: 'bo@example.org', password: 'short', displayName: 'Bo' });
    expect([short.status, errorCode(short)]).toEqual([400, 'INVALID_PAYLOAD']);
    expect(await platform.db.prisma.account.count({ where: { email: 'bo@example.org' } })).toBe(0);
  });

  it('locks sign-in after five wrong passwords, even with the right one, until the block ends', async () => {
    const browser = new HttpBrowser(platform.url);
    await browser.refreshCsrf();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: `guess ${attempt}` });
      expect([wrong.status, errorCode(wrong)]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const locked = await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'people power 2021' });
    expect([locked.status, errorCode(locked)]).toEqual([429, 'RATE_LIMITED']);
    // An unknown address is answered like a wrong password, never "no such account".
    const unknown = await browser.call('POST', '/api/account/sign-in', { email: 'nobody@example.org', password: 'people power 2021' });
    expect([unknown.status, errorCode(unknown)]).toEqual([401, 'UNAUTHENTICATED']);
    // The block (2 s here) ends by itself.
    await expect
      .poll(async () => (await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'people power 2021' })).status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(200);
  });

  it('signs out one browser, and every browser at once', async () => {
    const signedIn = async () => {
      const browser = new HttpBrowser(platform.url);
      await browser.refreshCsrf();
      expect((await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'people power 2021' })).status).toBe(200);
      // The CSRF token is bound to the session: read again once signed in.
      await browser.refreshCsrf();
      return browser;
    };
    const [laptop, phone, library] = [await signedIn(), await signedIn(), await signedIn()];
    expect((await laptop.call('POST', '/api/account/sign-out', {})).status).toBe(200);
    expect((await laptop.call('GET', '/api/account/me')).status).toBe(401);
    expect((await phone.call('GET', '/api/account/me')).status).toBe(200);

    const everywhere = await phone.call('POST', '/api/account/sign-out-everywhere', {});
    expect(everywhere.body).toMatchObject({ ok: true });
    for (const browser of [phone, library]) expect((await browser.call('GET', '/api/account/me')).status).toBe(401);
  });

  const usedResetMails = new Set<unknown>();
  const linkIn = (text: string | undefined, path: string) => new RegExp(`/account/${path}\\?token=([A-Za-z0-9_-]{43})`).exec(text ?? '')?.[1];

  it('resets a forgotten password by a mailed link, signing out every browser; an unknown address is told nothing', async () => {
    const before = new HttpBrowser(platform.url);
    await before.refreshCsrf();
    expect((await before.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'people power 2021' })).status).toBe(200);

    const browser = new HttpBrowser(platform.url);
    await browser.refreshCsrf();
    expect((await browser.call('POST', '/api/account/reset-request', { email: 'nobody@example.org' })).status).toBe(202);
    expect((await browser.call('POST', '/api/account/reset-request', { email: 'amina@example.org' })).status).toBe(202);
    const mail = await smtp.nextTo('amina@example.org', (received) => received.subject === 'Reset your Convene password');
    usedResetMails.add(mail);
    expect(smtp.received.some((received) => received.to && JSON.stringify(received.to).includes('nobody@example.org'))).toBe(false);
    const token = linkIn(mail.text, 'reset');
    const weak = await browser.call('POST', '/api/account/reset', { token, password: 'short' });
    expect([weak.status, errorCode(weak)]).toEqual([400, 'INVALID_PAYLOAD']);
    expect((await browser.call('POST', '/api/account/reset', { token, password: 'a brand new passphrase' })).status).toBe(200);
    expect((await browser.call('POST', '/api/account/reset', { token, password: 'yet another passphrase' })).status).toBe(404);

    expect((await before.call('GET', '/api/account/me')).status).toBe(401);
    const old = await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'people power 2021' });
    expect(old.status).toBe(401);
    expect((await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('voids a pending link to a new address when the password is reset (whoever asked for it knew the old one)', async () => {
    const browser = new HttpBrowser(platform.url);
    await browser.refreshCsrf();
    expect((await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'a brand new passphrase' })).status).toBe(200);
    await browser.refreshCsrf();
    expect((await browser.call('POST', '/api/account/email', { email: 'thief@example.org', password: 'a brand new passphrase' })).status).toBe(202);
    const stolen = linkIn((await smtp.nextTo('thief@example.org')).text, 'email');

    const owner = new HttpBrowser(platform.url);
    await owner.refreshCsrf();
    await owner.call('POST', '/api/account/reset-request', { email: 'amina@example.org' });
    const reset = await smtp.nextTo('amina@example.org', (received) => received.subject === 'Reset your Convene password' && !usedResetMails.has(received));
    usedResetMails.add(reset);
    expect((await owner.call('POST', '/api/account/reset', { token: linkIn(reset.text, 'reset'), password: 'a brand new passphrase' })).status).toBe(200);

    const taken = await browser.call('POST', '/api/account/email/confirm', { token: stolen });
    expect([taken.status, errorCode(taken)]).toEqual([404, 'NOT_FOUND']);
    expect(await platform.db.prisma.account.count({ where: { email: 'amina@example.org' } })).toBe(1);
  });

  it('changes the address through a link to the new one, telling the old; exports the data; deletes the account', async () => {
    const browser = new HttpBrowser(platform.url);
    await browser.refreshCsrf();
    expect((await browser.call('POST', '/api/account/sign-in', { email: 'amina@example.org', password: 'a brand new passphrase' })).status).toBe(200);
    await browser.refreshCsrf();
    const wrong = await browser.call('POST', '/api/account/email', { email: 'amina@civic.example', password: 'not it' });
    expect([wrong.status, errorCode(wrong)]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await browser.call('POST', '/api/account/email', { email: 'Amina@Civic.example', password: 'a brand new passphrase' })).status).toBe(202);
    const mail = await smtp.nextTo('amina@civic.example');
    expect((await browser.call('POST', '/api/account/email/confirm', { token: linkIn(mail.text, 'email') })).status).toBe(200);
    const told = await smtp.nextTo('amina@example.org', (received) => received.subject === 'Your Convene email address was changed');
    expect(told.text).toContain('amina@civic.example');
    expect(((await browser.call('GET', '/api/account/me')).body as unknown as AccountView).email).toBe('amina@civic.example');

    const exported = await browser.call('GET', '/api/account/export');
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ account: { email: 'amina@civic.example', displayName: 'Amina' } });
    expect(JSON.stringify(exported.body)).not.toMatch(/argon2|passwordHash|token/i);
    expect((exported.body.sessions as unknown[]).length).toBeGreaterThan(0);

    const refused = await browser.call('POST', '/api/account/delete', { password: 'not it' });
    expect([refused.status, errorCode(refused)]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await browser.call('POST', '/api/account/delete', { password: 'a brand new passphrase' })).status).toBe(200);
    expect((await browser.call('GET', '/api/account/me')).status).toBe(401);
    expect(await platform.db.prisma.account.count({ where: { email: 'amina@civic.example' } })).toBe(0);
    expect(await platform.db.prisma.accountSession.count()).toBe(0);
    // Their emails (address, name, links) went with the account; sent ones kept no text anyway.
    expect(await platform.db.prisma.outboxMessage.count({ where: { to: { in: ['amina@civic.example'] } } })).toBe(0);
    expect(await platform.db.prisma.outboxMessage.count({ where: { state: 'sent', NOT: { text: '' } } })).toBe(0);
  });
});
