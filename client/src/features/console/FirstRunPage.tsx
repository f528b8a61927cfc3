import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH, signUpRequestSchema } from '../../../../shared/accounts.js';
import { firstRunRequestSchema } from '../../../../shared/console.js';
import { fetchAccount } from '../../api/httpApi.js';
import { consoleApi } from '../../api/consoleApi.js';
import { RequestError } from '../../realtime/requestError.js';
import { FormField } from '../shared/FormField.js';
import { useLoaded } from '../shared/useLoaded.js';
import { useSchemaForm } from '../shared/useSchemaForm.js';
import { ConsoleFrame, NotLoaded, Problem } from './ConsoleFrame.js';
import { consoleErrorText } from './consoleErrors.js';
import { eventFields, EventFieldset, eventFormSchema, type EventFields } from './EventForm.js';

type FirstRunFields = EventFields & { setupCode: string; displayName: string; email: string; password: string };

/**
 * The code, the account (unless signed in) and the event, each checked by
 * its own schema, with each problem at its field.
 */
function firstRunFormSchema(withAccount: boolean) {
  return z.record(z.string(), z.string()).transform((fields, ctx) => {
    const { setupCode = '', displayName = '', email = '', password = '', ...rest } = fields;
    const code = firstRunRequestSchema.shape.setupCode.safeParse(setupCode);
    const account = withAccount ? signUpRequestSchema.safeParse({ displayName, email, password }) : null;
    const event = eventFormSchema.safeParse(rest);
    const issues = [
      ...(code.success ? [] : code.error.issues.map((issue) => ({ ...issue, path: ['setupCode'] }))),
      ...(account && !account.success ? account.error.issues : []),
      ...(event.success ? [] : event.error.issues),
    ];
    // Passed on whole: their bounds say what the text says ("at most 120 characters").
    for (const issue of issues) ctx.addIssue({ ...issue, path: [...issue.path] });
    if (!code.success || !event.success || (account && !account.success)) return z.NEVER;
    return { setupCode: code.data, event: event.data, ...(account?.success ? { account: account.data } : {}) };
  });
}

/**
 * `/console/setup`: the first organiser, on a platform nobody organises
 * yet. They sign in (or sign up) first; the setup code proves they run the
 * server (it is in a file of its data directory).
 */
export function FirstRunPage() {
  const { t } = useTranslation();
  const { state, reload } = useLoaded(async (signal) => {
    const [status, account] = await Promise.all([
      consoleApi.firstRun(signal),
      fetchAccount(signal).catch((error: unknown) => {
        if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return null;
        throw error;
      }),
    ]);
    return { status, account };
  }, 'first-run');
  return (
    <ConsoleFrame heading={t('console.firstRun.heading')}>
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : !state.value.status.isNeeded ? (
        <p className="notice">
          {t('console.firstRun.taken')} <Link to="/console">{t('console.yourEvents')}</Link>
        </p>
      ) : (
        <FirstRunForm signedInAs={state.value.account?.displayName ?? null} />
      )}
    </ConsoleFrame>
  );
}

function FirstRunForm({ signedInAs }: { signedInAs: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const withAccount = signedInAs === null;
  const { form, set, errors, problem, state, onSubmit } = useSchemaForm(
    { ...eventFields(), setupCode: '', displayName: '', email: '', password: '' } satisfies FirstRunFields,
    firstRunFormSchema(withAccount),
    async ({ setupCode, event, account }) => {
      const created = await consoleApi.startFirstRun(setupCode, event, account);
      void navigate(`/console/e/${created.id}`);
    },
    (error) =>
      error instanceof RequestError && error.code === 'FORBIDDEN'
        ? t('console.firstRun.wrongCode')
        : consoleErrorText(error, t, t('console.firstRun.conflict')),
  );
  return (
    <section className="panel">
      <p>{withAccount ? t('console.firstRun.intro') : t('console.firstRun.introSignedIn', { name: signedInAs })}</p>
      <form className="console-form" onSubmit={onSubmit} noValidate>
        <Problem text={problem} />
        <FormField
          id="setup-code"
          label={t('console.firstRun.code')}
          hint={t('console.firstRun.codeHint')}
          autoComplete="off"
          value={form.setupCode}
          onChange={set('setupCode')}
          error={errors.setupCode}
        />
        {withAccount && (
          <fieldset className="console-fieldset">
            <legend>{t('console.firstRun.yourAccount')}</legend>
            <FormField id="first-name" label={t('account.displayName')} hint={t('account.displayNameHint')} autoComplete="name" value={form.displayName} onChange={set('displayName')} error={errors.displayName} />
            <FormField id="first-email" type="email" label={t('account.email')} autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
            <FormField
              id="first-password"
              type="password"
              label={t('account.password')}
              hint={t('account.passwordHint', { count: PASSWORD_MIN_LENGTH })}
              autoComplete="new-password"
              value={form.password}
              onChange={set('password')}
              error={errors.password}
            />
          </fieldset>
        )}
        <fieldset className="console-fieldset">
          <legend>{t('console.firstRun.yourEvent')}</legend>
          <EventFieldset form={form} set={set} errors={errors} />
        </fieldset>
        <button type="submit" className="button button--primary" disabled={state === 'sending'}>
          {state === 'sending' ? t('console.creating') : t('console.firstRun.done')}
        </button>
      </form>
    </section>
  );
}
