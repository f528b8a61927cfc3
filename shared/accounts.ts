/** Accounts over HTTP (`/api/account/*`): what is sent and what comes back. */
import { z } from 'zod';
import { displayNameSchema } from './http.js';
import { roomIdSchema } from './ids.js';

/** Addresses are compared lower-cased and trimmed; RFC 5321 caps them at 254 characters. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'invalid.tooLong')
  .pipe(z.email('invalid.email'))
  .transform((email) => email.toLowerCase());

/** Long passphrases welcome; the upper bound keeps hashing cheap to ask for. */
export const PASSWORD_MIN_LENGTH = 10;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, 'invalid.tooShort')
  .max(200, 'invalid.tooLong');

export const signUpRequestSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
});
export type SignUpRequest = z.infer<typeof signUpRequestSchema>;

export const signInRequestSchema = z.strictObject({
  email: emailSchema,
  // Checked against the hash only: any length up to the bound may be an old password.
  password: z.string().min(1, 'invalid.required').max(200, 'invalid.tooLong'),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** A link's token (base64url of 32 random bytes). */
export const mailedTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalid.link');

export const verifyEmailRequestSchema = z.strictObject({ token: mailedTokenSchema });

/** `POST /api/account/identity`: for the session room it joins (none: to browse the catch-up library). */
export const accountIdentityRequestSchema = z.strictObject({ roomId: roomIdSchema.optional() });

export const resetRequestSchema = z.strictObject({ email: emailSchema });
export const resetPasswordSchema = z.strictObject({ token: mailedTokenSchema, password: passwordSchema });
export const changeEmailSchema = z.strictObject({ email: emailSchema, password: z.string().min(1).max(200) });
export const deleteAccountSchema = z.strictObject({ password: z.string().min(1).max(200) });

/** `GET /api/account/export`: everything kept about the person, as JSON. */
export interface AccountExport {
  exportedAt: string;
  account: AccountView;
  sessions: { createdAt: string; lastSeenAt: string; expiresAt: string; signedOutAt: string | null }[];
  emails: { kind: string; subject: string; createdAt: string; state: string }[];
}

/** The signed-in person, as they see themselves (nobody else sees the email). */
export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  createdAt: string;
}

/** `GET /api/account/csrf`: the token state-changing requests carry in `x-csrf-token`. */
export interface CsrfTokenResponse {
  csrfToken: string;
}
