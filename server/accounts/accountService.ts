import { AppError } from '../../shared/errors.js';
import type { AccountExport, AccountView, SignInRequest, SignUpRequest } from '../../shared/accounts.js';
import type { PrismaClient } from '../db/generated/client.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../mail/outbox.js';
import { dummyPasswordHash, hashPassword, newToken, passwordMatches, tokenDigest } from './secrets.js';

/** How long a signed-in browser stays signed in without being used, and a mailed link stays valid. */
export const SESSION_IDLE_MS = 30 * 24 * 3_600_000;
export const VERIFY_LINK_MS = 48 * 3_600_000;
/** A password reset or email change link: short, as it can take over the account. */
export const RESET_LINK_MS = 60 * 60_000;
/** A new confirmation link is mailed on sign-in only if the last is older than this. */
const RESEND_AFTER_MS = 10 * 60_000;

/** Password attempts, counted before each check (RateLimits.signIn*). */
export interface SignInGuard {
  signInAttempt(account: string, address: string): Promise<number>;
  signInSucceeded(account: string, address: string): Promise<void>;
}

export interface AccountDeps {
  prisma: PrismaClient;
  outbox: Outbox;
  logger: Logger;
  /** Where this platform's pages are, for the links in emails. */
  linkBase(): string;
  guard(): SignInGuard | undefined;
}

const view = (row: { id: string; email: string; displayName: string; emailVerifiedAt: Date | null; createdAt: Date }): AccountView => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  emailVerified: row.emailVerifiedAt !== null,
  createdAt: row.createdAt.toISOString(),
});

/**
 * Accounts: sign-up with a verification link by email, sign-in, and the
 * browser sessions that follow (cookie tokens, kept as digests, revocable
 * one by one or all at once). Answers never say whether an address has an
 * account: sign-up always says "check your email", sign-in always "wrong
 * email or password".
 */
export class AccountService {
  constructor(private readonly deps: AccountDeps) {}

  async signUp(request: SignUpRequest): Promise<void> {
    const { prisma, outbox } = this.deps;
    // Hashed whether or not the address is taken: the answer's timing says nothing either.
    const passwordHash = await hashPassword(request.password);
    const existing = await prisma.account.findUnique({ where: { email: request.email }, select: { id: true } });
    if (existing) {
      // Told by email, not in the answer: whoever typed the address learns nothing from the page.
      await outbox.enqueue({
        kind: 'sign-up-existing',
        to: request.email,
        subject: 'Someone tried to sign up with your address',
        text: `Someone (perhaps you) tried to create an account on Convene with this address, which already has one.\n\nIf it was you, sign in instead: ${this.deps.linkBase()}/account/sign-in\nIf it was not, you can ignore this message.\n`,
      });
      return;
    }
    const token = newToken();
    const created = await prisma.$transaction(async (tx) => {
      const account = await tx.account.create({
        data: { email: request.email, passwordHash, displayName: request.displayName },
        select: { id: true },
      });
      await tx.accountToken.create({
        data: { id: tokenDigest(token), accountId: account.id, purpose: 'verify', expiresAt: new Date(Date.now() + VERIFY_LINK_MS) },
      });
      return true;
    }).catch((error: unknown) => {
      // Two sign-ups with one address at once: the second is the "existing" case, and says nothing either.
      if ((error as { code?: string }).code === 'P2002') return false;
      throw error;
    });
    if (created) await this.mailVerification(request.email, request.displayName, token);
  }

  private async mailVerification(email: string, displayName: string, token: string): Promise<void> {
    const link = `${this.deps.linkBase()}/account/verify?token=${token}`;
    await this.deps.outbox.enqueue({
      kind: 'verify',
      to: email,
      subject: 'Confirm your email address for Convene',
      text: `Hello ${displayName},\n\nConfirm this address to finish creating your account:\n${link}\n\nThe link works once, for 48 hours. If you did not sign up, ignore this message: nothing happens without the link.\n`,
    });
  }

  /**
   * The right password for an address not yet confirmed: a new link, unless
   * one was sent in the last ten minutes (it may still be on its way).
   */
  private async resendVerification(account: { id: string; email: string; displayName: string }): Promise<void> {
    const { prisma } = this.deps;
    const recent = await prisma.accountToken.count({
      where: { accountId: account.id, purpose: 'verify', createdAt: { gt: new Date(Date.now() - RESEND_AFTER_MS) } },
    });
    if (recent > 0) return;
    await this.mailVerification(account.email, account.displayName, await this.newLink(account.id, 'verify', VERIFY_LINK_MS));
  }

  /** Confirms the address a link was mailed to; the link works once. */
  async verifyEmail(token: string): Promise<void> {
    const accountId = await this.useLink(token, 'verify');
    await this.deps.prisma.account.update({ where: { id: accountId }, data: { emailVerifiedAt: new Date() } });
  }

  /**
   * The first organiser's account, made on the first-run screen, signed in
   * at once: the setup code proved they run the server, and no mail can
   * reach anyone before an organiser reads the outbox, so the address is
   * taken as confirmed. They administer the platform (see Account.isAdmin).
   * CONFLICT when it has an account already (sign in with it, then set up).
   */
  async createConfirmed(request: SignUpRequest): Promise<{ token: string; account: AccountView }> {
    const { prisma } = this.deps;
    const passwordHash = await hashPassword(request.password);
    const account = await prisma.account
      .create({ data: { email: request.email, passwordHash, displayName: request.displayName, emailVerifiedAt: new Date(), isAdmin: true } })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === 'P2002') throw new AppError('CONFLICT', 'this address has an account: sign in with it first');
        throw error;
      });
    const token = newToken();
    await prisma.accountSession.create({
      data: { id: tokenDigest(token), accountId: account.id, expiresAt: new Date(Date.now() + SESSION_IDLE_MS) },
    });
    return { token, account: view(account) };
  }

  /** @returns the new session's token (for the cookie) and who signed in. */
  async signIn(request: SignInRequest, address: string): Promise<{ token: string; account: AccountView }> {
    const { prisma } = this.deps;
    const account = await prisma.account.findUnique({ where: { email: request.email } });
    if (!account || !(await this.passwordChecked(request.email, address, account?.passwordHash ?? null, request.password))) {
      throw new AppError('UNAUTHENTICATED', 'wrong email or password');
    }
    if (!account.emailVerifiedAt) {
      await this.resendVerification(account);
      throw new AppError('FORBIDDEN', 'confirm your email address first: follow the link we sent you');
    }
    const token = newToken();
    await prisma.accountSession.create({
      data: { id: tokenDigest(token), accountId: account.id, expiresAt: new Date(Date.now() + SESSION_IDLE_MS) },
    });
    return { token, account: view(account) };
  }

  /**
   * Checks a password within the attempts allowed for `email` from
   * `address` (sign-in, and the password asked again before changing the
   * address or deleting the account). A missing account is checked
   * against a dummy hash: it takes as long.
   */
  private async passwordChecked(email: string, address: string, passwordHash: string | null, password: string): Promise<boolean> {
    const guard = this.deps.guard();
    const waitMs = (await guard?.signInAttempt(email, address)) ?? 0;
    if (waitMs > 0) throw new AppError('RATE_LIMITED', `too many attempts: try again in ${Math.ceil(waitMs / 60_000)} min`);
    const matches = await passwordMatches(passwordHash ?? (await dummyPasswordHash()), password);
    if (matches && passwordHash) await guard?.signInSucceeded(email, address);
    return matches && passwordHash !== null;
  }

  /** The account a session cookie's token signs in, if it is still valid (its expiry slides with use). */
  async accountOf(token: string): Promise<AccountView | null> {
    const { prisma } = this.deps;
    const now = new Date();
    const session = await prisma.accountSession.findUnique({ where: { id: tokenDigest(token) }, include: { account: true } });
    if (!session || session.revokedAt || session.expiresAt <= now) return null;
    // Written at most once an hour: a page load is not a database write.
    if (now.getTime() - session.lastSeenAt.getTime() > 3_600_000) {
      await prisma.accountSession.update({
        where: { id: session.id },
        data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) },
      });
    }
    return view(session.account);
  }

  /** Mails a reset link if the address has an account; says nothing either way. */
  async requestReset(email: string): Promise<void> {
    const { prisma } = this.deps;
    const account = await prisma.account.findUnique({ where: { email }, select: { id: true, displayName: true } });
    if (!account) return;
    const token = await this.newLink(account.id, 'reset', RESET_LINK_MS);
    await this.deps.outbox.enqueue({
      kind: 'reset',
      to: email,
      subject: 'Reset your Convene password',
      text: `Hello ${account.displayName},\n\nChoose a new password here:\n${this.deps.linkBase()}/account/reset?token=${token}\n\nThe link works once, for an hour. If you did not ask, ignore this message: your password stays as it is.\n`,
    });
  }

  /** A new password from a reset link: every browser signed in is signed out (whoever else had it too). */
  async resetPassword(token: string, password: string): Promise<void> {
    const { prisma } = this.deps;
    const accountId = await this.useLink(token, 'reset');
    const passwordHash = await hashPassword(password);
    const now = new Date();
    await prisma.$transaction([
      // Following the link proved the address is theirs.
      prisma.account.update({ where: { id: accountId }, data: { passwordHash, emailVerifiedAt: now } }),
      prisma.accountSession.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now } }),
      // Whoever had the old password may have asked for links (a new address): none works now.
      prisma.accountToken.updateMany({ where: { accountId, usedAt: null }, data: { usedAt: now } }),
    ]);
  }

  /** A link to the new address; the address changes once it is followed (the password proves it is them asking). */
  async requestEmailChange(accountId: string, email: string, password: string, address: string): Promise<void> {
    const { prisma } = this.deps;
    const account = await prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    if (!(await this.passwordChecked(account.email, address, account.passwordHash, password))) throw new AppError('UNAUTHENTICATED', 'wrong password');
    const token = await this.newLink(accountId, 'email-change', RESET_LINK_MS, email);
    await this.deps.outbox.enqueue({
      kind: 'email-change',
      to: email,
      subject: 'Confirm your new email address for Convene',
      text: `Hello ${account.displayName},\n\nConfirm this new address for your account:\n${this.deps.linkBase()}/account/email?token=${token}\n\nThe link works once, for an hour.\n`,
    });
  }

  async confirmEmailChange(token: string): Promise<void> {
    const { prisma } = this.deps;
    const link = await prisma.accountToken.findUnique({ where: { id: tokenDigest(token) }, select: { newEmail: true } });
    const accountId = await this.useLink(token, 'email-change');
    const account = await prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { email: true, displayName: true } });
    try {
      const now = new Date();
      const [from, to] = [account.email, link!.newEmail!];
      await prisma.$transaction([
        prisma.account.update({ where: { id: accountId }, data: { email: to, emailVerifiedAt: now } }),
        // Links mailed to the old address stop working with it.
        prisma.accountToken.updateMany({ where: { accountId, usedAt: null }, data: { usedAt: now } }),
        // Roles were granted to the person at that address: they follow it (where the new one holds none already),
        // and nobody who later signs up with the old address inherits them.
        prisma.$executeRaw`UPDATE "EventGrant" g SET "email" = ${to} WHERE g."email" = ${from}
          AND NOT EXISTS (SELECT 1 FROM "EventGrant" o WHERE o."eventId" = g."eventId" AND o."email" = ${to})`,
        prisma.$executeRaw`UPDATE "SessionGrant" g SET "email" = ${to} WHERE g."email" = ${from}
          AND NOT EXISTS (SELECT 1 FROM "SessionGrant" o WHERE o."sessionId" = g."sessionId" AND o."email" = ${to})`,
        prisma.eventGrant.deleteMany({ where: { email: from } }),
        prisma.sessionGrant.deleteMany({ where: { email: from } }),
      ]);
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') throw new AppError('CONFLICT', 'another account uses that address now');
      throw error;
    }
    // The old address hears of it: if this was not them, they know at once.
    await this.deps.outbox.enqueue({
      kind: 'email-changed',
      to: account.email,
      subject: 'Your Convene email address was changed',
      text: `Hello ${account.displayName},\n\nYour account's email address was changed to ${link!.newEmail!}. If you did not do this, reset your password from the sign-in page at ${this.deps.linkBase()}/account/sign-in and write to the organisers.\n`,
    });
  }

  /** Everything kept about the person (their data, for them). */
  async exportData(accountId: string): Promise<AccountExport> {
    const { prisma } = this.deps;
    const account = await prisma.account.findUniqueOrThrow({ where: { id: accountId }, include: { sessions: { orderBy: { createdAt: 'asc' } } } });
    const emails = await prisma.outboxMessage.findMany({
      where: { to: account.email },
      orderBy: { createdAt: 'asc' },
      select: { kind: true, subject: true, createdAt: true, state: true },
    });
    return {
      exportedAt: new Date().toISOString(),
      account: view(account),
      sessions: account.sessions.map((session) => ({
        createdAt: session.createdAt.toISOString(),
        lastSeenAt: session.lastSeenAt.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
        signedOutAt: session.revokedAt?.toISOString() ?? null,
      })),
      // What was sent, not the links in it: they still work for a while.
      emails: emails.map((email) => ({ ...email, createdAt: email.createdAt.toISOString() })),
    };
  }

  /** Deletes the account and everything kept with it (sessions, links); asks for the password first. */
  async deleteAccount(accountId: string, password: string, address: string): Promise<void> {
    const { prisma } = this.deps;
    const account = await prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    if (!(await this.passwordChecked(account.email, address, account.passwordHash, password))) throw new AppError('UNAUTHENTICATED', 'wrong password');
    await prisma.$transaction([
      prisma.account.delete({ where: { id: accountId } }),
      // The emails sent to them (their address, their name, their links) go too.
      prisma.outboxMessage.deleteMany({ where: { to: account.email } }),
    ]);
    this.deps.logger.info({ accountId }, 'account deleted');
  }

  private async newLink(accountId: string, purpose: string, lifetimeMs: number, newEmail?: string): Promise<string> {
    const token = newToken();
    await this.deps.prisma.accountToken.create({
      data: { id: tokenDigest(token), accountId, purpose, newEmail: newEmail ?? null, expiresAt: new Date(Date.now() + lifetimeMs) },
    });
    return token;
  }

  /** Marks a link used (once, before it expires); @returns its account. */
  private async useLink(token: string, purpose: string): Promise<string> {
    const { prisma } = this.deps;
    const now = new Date();
    const id = tokenDigest(token);
    const used = await prisma.accountToken.updateMany({ where: { id, purpose, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (used.count === 0) throw new AppError('NOT_FOUND', 'this link is not valid any more: ask for a new one');
    return (await prisma.accountToken.findUniqueOrThrow({ where: { id }, select: { accountId: true } })).accountId;
  }

  async signOut(token: string): Promise<void> {
    await this.deps.prisma.accountSession.updateMany({ where: { id: tokenDigest(token), revokedAt: null }, data: { revokedAt: new Date() } });
  }

  /** Every browser this account is signed in on is signed out (a lost phone, a shared computer). */
  async signOutEverywhere(accountId: string): Promise<number> {
    const { prisma } = this.deps;
    const now = new Date();
    const [{ count }] = await prisma.$transaction([
      prisma.accountSession.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now } }),
      prisma.accountToken.updateMany({ where: { accountId, usedAt: null, purpose: { not: 'verify' } }, data: { usedAt: now } }),
    ]);
    return count;
  }
}
