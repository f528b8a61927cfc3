import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import {
  changeEmailSchema,
  deleteAccountSchema,
  passwordSchema,
  PASSWORD_MIN_LENGTH,
  resetRequestSchema,
  signInRequestSchema,
  signUpRequestSchema,
} from '../../../../shared/accounts.js';
import {
  ACCOUNT_EXPORT_URL,
  confirmEmailChange,
  deleteAccount,
  fetchAccount,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  signIn,
  signOut,
  signUp,
  verifyEmail,
} from '../../api/httpApi.js';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.js';
import { useLoaded } from '../shared/useLoaded.js';
import { accountErrorText } from './accountErrors.js';
import { FormField } from '../shared/FormField.js';
import { pathWithinSite } from '../shared/pathWithinSite.js';
import { PageFrame } from '../shared/PageFrame.js';
import { Cancelled, useAccountForm } from './useAccountForm.js';
import './account.css';

/** A mailed link is followed once: a page shown twice (React's development checks, Back) asks once per token. */
const followed = new Map<string, Promise<void>>();
function followOnce(token: string, follow: (token: string) => Promise<void>): Promise<void> {
  let following = followed.get(token);
  if (!following) {
    following = follow(token);
    followed.set(token, following);
  }
  return following;
}

/** The frame of every account page. */
function AccountFrame({ heading, children }: { heading: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <PageFrame heading={heading} back={t('session.backToProgramme')} className="account-form">
      {children}
    </PageFrame>
  );
}

function Problem({ text }: { text: string | null }) {
  return text ? (
    <p className="notice notice--error" role="alert">
      {text}
    </p>
  ) : null;
}

/** `/account/sign-up`: name, email, password; then "check your email". */
export function SignUpPage() {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useAccountForm({ displayName: '', email: '', password: '' }, signUpRequestSchema, signUp, 'other');
  if (state === 'done') {
    return (
      <AccountFrame heading={t('account.signUpHeading')}>
        <p role="status">{t('account.checkEmail', { email: form.email.trim().toLowerCase() })}</p>
      </AccountFrame>
    );
  }
  return (
    <AccountFrame heading={t('account.signUpHeading')}>
      <form onSubmit={onSubmit} noValidate>
        <Problem text={problem} />
        <FormField id="displayName" label={t('account.displayName')} autoComplete="name" value={form.displayName} onChange={set('displayName')} hint={t('account.displayNameHint')} error={errors.displayName} />
        <FormField id="email" label={t('account.email')} type="email" autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
        <FormField id="password" label={t('account.password')} type="password" autoComplete="new-password" value={form.password} onChange={set('password')} hint={t('account.passwordHint', { count: PASSWORD_MIN_LENGTH })} error={errors.password} />
        <button type="submit" className="button button--primary" disabled={state === 'sending'}>
          {state === 'sending' ? t('account.creating') : t('account.create')}
        </button>
      </form>
      <p>
        <Link to="/account/sign-in">{t('account.haveAccount')}</Link>
      </p>
    </AccountFrame>
  );
}

/** `/account/sign-in`; `?next=` says where to go once signed in (the room someone was about to join). */
export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const next = pathWithinSite(search.get('next'));
  const { form, set, errors, problem, state, onSubmit } = useAccountForm({ email: '', password: '' }, signInRequestSchema, signIn, 'sign-in');
  useEffect(() => {
    if (state === 'done') void navigate(next ?? '/account');
  }, [state, navigate, next]);
  return (
    <AccountFrame heading={t('account.signInHeading')}>
      <form onSubmit={onSubmit} noValidate>
        <Problem text={problem} />
        <FormField id="email" label={t('account.email')} type="email" autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
        <FormField id="password" label={t('account.password')} type="password" autoComplete="current-password" value={form.password} onChange={set('password')} error={errors.password} />
        <button type="submit" className="button button--primary" disabled={state === 'sending'}>
          {state === 'sending' ? t('account.signingIn') : t('account.signIn')}
        </button>
      </form>
      <p>
        <Link to="/account/forgot">{t('account.forgot')}</Link>
      </p>
      <p>
        <Link to="/account/sign-up">{t('account.noAccount')}</Link>
      </p>
    </AccountFrame>
  );
}

/** `/account/forgot`: a reset link by email (the page says the same whether or not the address has an account). */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useAccountForm({ email: '' }, resetRequestSchema, ({ email }) => requestPasswordReset(email), 'other');
  return (
    <AccountFrame heading={t('account.forgotHeading')}>
      {state === 'done' ? (
        <p role="status">{t('account.resetSent', { email: form.email.trim().toLowerCase() })}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Problem text={problem} />
          <FormField id="email" label={t('account.email')} type="email" autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
          <button type="submit" className="button button--primary" disabled={state === 'sending'}>
            {t('account.sendReset')}
          </button>
        </form>
      )}
    </AccountFrame>
  );
}

/** `/account/reset?token=…`: the new password. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { form, set, errors, problem, state, onSubmit } = useAccountForm(
    { password: '' },
    z.strictObject({ password: passwordSchema }),
    ({ password }) => resetPassword(token, password),
    'verify',
  );
  return (
    <AccountFrame heading={t('account.resetHeading')}>
      {state === 'done' ? (
        <p role="status">
          {t('account.resetDone')} <Link to="/account/sign-in">{t('account.signIn')}</Link>
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Problem text={problem} />
          <FormField id="password" label={t('account.newPassword')} type="password" autoComplete="new-password" value={form.password} onChange={set('password')} hint={t('account.passwordHint', { count: PASSWORD_MIN_LENGTH })} error={errors.password} />
          <button type="submit" className="button button--primary" disabled={state === 'sending'}>
            {t('account.saveNewPassword')}
          </button>
        </form>
      )}
    </AccountFrame>
  );
}

/** A page that follows a mailed link at once: confirming an address, or a new one. */
function FollowLinkPage({ heading, follow, pending, done }: { heading: string; follow: (token: string) => Promise<void>; pending: string; done: ReactNode }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { state } = useLoaded(() => followOnce(token, follow), token);
  return (
    <AccountFrame heading={heading}>
      {state.status === 'loading' && <p role="status">{pending}</p>}
      {state.status === 'loaded' && <p role="status">{done}</p>}
      {(state.status === 'missing' || state.status === 'error') && <p role="alert">{t('account.errors.linkInvalid')}</p>}
    </AccountFrame>
  );
}

/** `/account/verify?token=…`: the link from the sign-up email (posted, so the token is not in a GET the server acts on). */
export function VerifyPage() {
  const { t } = useTranslation();
  return (
    <FollowLinkPage
      heading={t('account.verifyHeading')}
      follow={verifyEmail}
      pending={t('account.verifying')}
      done={
        <>
          {t('account.verified')} <Link to="/account/sign-in">{t('account.signIn')}</Link>
        </>
      }
    />
  );
}

/** `/account/email?token=…`: the link sent to a new address. */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  return (
    <FollowLinkPage
      heading={t('account.changeEmailHeading')}
      follow={confirmEmailChange}
      pending={t('account.confirmingEmail')}
      done={
        <>
          {t('account.emailChanged')} <Link to="/account">{t('account.accountHeading')}</Link>
        </>
      }
    />
  );
}

/** `/account`: who is signed in; signing out here or everywhere; the address; one's data; deleting the account. */
export function AccountPage() {
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => fetchAccount(signal), 'me');
  const [problem, setProblem] = useState<string | null>(null);
  const [isAskingEverywhere, setAskingEverywhere] = useState(false);
  const leave = (everywhere: boolean) => {
    setAskingEverywhere(false);
    setProblem(null);
    signOut({ everywhere }).then(reload, (error: unknown) => setProblem(accountErrorText(error, t, 'other')));
  };
  const account = state.status === 'loaded' ? state.value : null;
  // Not signed in is an answer (401); anything else is a failure to say so.
  const failed = state.status === 'error' && state.code !== 'UNAUTHENTICATED';
  return (
    <AccountFrame heading={t('account.accountHeading')}>
      <Problem text={problem ?? (failed ? t('account.errors.other') : null)} />
      {state.status === 'loading' && <p role="status">{t('person.loading')}</p>}
      {account ? (
        <>
          <p>{t('account.signedInAs', { name: account.displayName, email: account.email })}</p>
          <div className="account-form__actions">
            <button type="button" className="button button--secondary" onClick={() => leave(false)}>
              {t('account.signOut')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setAskingEverywhere(true)}>
              {t('account.signOutEverywhere')}
            </button>
          </div>
          {isAskingEverywhere && (
            <ConfirmDialog
              title={t('account.signOutEverywhere')}
              body={t('account.signOutEverywhereConfirm')}
              confirmText={t('account.signOutEverywhere')}
              cancelText={t('account.cancel')}
              onConfirm={() => leave(true)}
              onCancel={() => setAskingEverywhere(false)}
            />
          )}
          <ChangeEmail />
          <section aria-labelledby="data-heading">
            <h2 id="data-heading">{t('account.yourData')}</h2>
            <a className="button button--secondary" href={ACCOUNT_EXPORT_URL} download>
              {t('account.exportData')}
            </a>
          </section>
          <DeleteAccount onDeleted={reload} />
        </>
      ) : (
        state.status !== 'loading' &&
        !failed && (
          <p>
            {t('account.notSignedIn')} <Link to="/account/sign-in">{t('account.signIn')}</Link>
          </p>
        )
      )}
    </AccountFrame>
  );
}

function ChangeEmail() {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useAccountForm({ email: '', password: '' }, changeEmailSchema, ({ email, password }) => requestEmailChange(email, password), 'password');
  return (
    <section aria-labelledby="email-heading">
      <h2 id="email-heading">{t('account.changeEmailHeading')}</h2>
      {state === 'done' ? (
        <p role="status">{t('account.changeEmailSent', { email: form.email.trim().toLowerCase() })}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Problem text={problem} />
          <FormField id="new-email" label={t('account.newEmail')} type="email" autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
          <FormField id="email-password" label={t('account.currentPassword')} type="password" autoComplete="current-password" value={form.password} onChange={set('password')} error={errors.password} />
          <button type="submit" className="button button--secondary" disabled={state === 'sending'}>
            {t('account.sendConfirmation')}
          </button>
        </form>
      )}
    </section>
  );
}

function DeleteAccount({ onDeleted }: { onDeleted(): void }) {
  const { t } = useTranslation();
  // Destructive: once the form is valid, asked once more before anything is sent.
  const [asking, setAsking] = useState<{ confirm(): void; cancel(): void } | null>(null);
  const { form, set, errors, problem, state, onSubmit } = useAccountForm(
    { password: '' },
    deleteAccountSchema,
    ({ password }) =>
      new Promise<void>((resolve, reject) =>
        setAsking({
          confirm: () => {
            setAsking(null);
            deleteAccount(password).then(resolve, reject);
          },
          cancel: () => {
            setAsking(null);
            reject(new Cancelled());
          },
        }),
      ),
    'password',
  );
  useEffect(() => {
    if (state === 'done') onDeleted();
  }, [state, onDeleted]);
  return (
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('account.deleteHeading')}</h2>
      <p>{t('account.deleteExplain')}</p>
      <form onSubmit={onSubmit} noValidate>
        <Problem text={problem} />
        <FormField id="delete-password" label={t('account.currentPassword')} type="password" autoComplete="current-password" value={form.password} onChange={set('password')} error={errors.password} />
        <button type="submit" className="button button--danger" disabled={state === 'sending'}>
          {t('account.deleteAccount')}
        </button>
        {asking && (
          <ConfirmDialog
            title={t('account.deleteHeading')}
            body={t('account.deleteConfirm')}
            confirmText={t('account.deleteAccount')}
            cancelText={t('account.cancel')}
            onConfirm={asking.confirm}
            onCancel={asking.cancel}
          />
        )}
      </form>
    </section>
  );
}
