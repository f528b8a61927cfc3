import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { emailSchema } from '../../../../shared/accounts.js';
import type { GrantView } from '../../../../shared/console.js';
import { FormField, SelectField } from '../shared/FormField.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded, Problem } from './ConsoleFrame.js';
import { consoleErrorText } from './consoleErrors.js';
import { useConfirm } from '../shared/useConfirm.js';
import { useConsoleForm } from './useConsoleForm.js';

interface GrantsPanelProps<R extends string> {
  heading: string;
  /** The roles one may grant here, in the order offered. */
  roles: readonly R[];
  roleLabel(role: R): string;
  load(signal: AbortSignal): Promise<GrantView[]>;
  grant(email: string, role: R): Promise<unknown>;
  revoke(email: string): Promise<unknown>;
  /** Identifies what the grants are of (an event, a session): another reads afresh. */
  loadKey: string;
}

/**
 * Who holds which role, by email address (addresses are for organisers'
 * eyes alone): grant one, take one back after confirming. A change holds
 * at once for anyone already in a room.
 */
export function GrantsPanel<R extends string>({ heading, roles, roleLabel, load, grant, revoke, loadKey }: GrantsPanelProps<R>) {
  const { t } = useTranslation();
  const { state, reload } = useLoaded(load, loadKey);
  const { ask, dialog } = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  // Each grant made starts the form afresh.
  const [granted, setGranted] = useState(0);
  const headingId = `${loadKey}-grants`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <p className="muted">{t('console.grants.explain')}</p>
      <Problem text={problem} />
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.length === 0 ? (
        <p className="muted">{t('console.grants.empty')}</p>
      ) : (
        <ul className="console-list">
          {state.value.map((held) => (
            <li key={held.email} className="console-list__item">
              <span className="console-list__email">{held.email}</span>
              <span className="console-badges">
                <span className="badge badge--role">{roleLabel(held.role as R)}</span>
                <button type="button" className="button button--secondary button--small" onClick={() =>
                    ask({
                      title: t('console.grants.revoke'),
                      body: t('console.grants.revokeConfirm', { email: held.email }),
                      confirmText: t('console.grants.revoke'),
                      act: () => {
                        setProblem(null);
                        revoke(held.email).then(reload, (error: unknown) => setProblem(consoleErrorText(error, t, t('console.grants.self'))));
                      },
                    })
                  }
                >
                  {t('console.grants.revoke')}
                  <span className="visually-hidden"> {held.email}</span>
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {dialog}
      <GrantForm
        key={granted}
        idPrefix={headingId}
        roles={roles}
        roleLabel={roleLabel}
        grant={async (email, role) => {
          await grant(email, role);
          setGranted((count) => count + 1);
          reload();
        }}
      />
    </section>
  );
}

interface GrantFormProps<R extends string> {
  idPrefix: string;
  roles: readonly R[];
  roleLabel(role: R): string;
  grant(email: string, role: R): Promise<unknown>;
}

function GrantForm<R extends string>({ idPrefix, roles, roleLabel, grant }: GrantFormProps<R>) {
  const { t } = useTranslation();
  const schema = z.object({ email: emailSchema, role: z.enum(roles as unknown as [R, ...R[]]) });
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm(
    { email: '', role: roles[0] as string },
    schema,
    ({ email, role }) => grant(email, role),
    t('console.grants.self'),
  );
  return (
    <form className="console-form" onSubmit={onSubmit} noValidate>
      <Problem text={problem} />
      <FormField id={`${idPrefix}-email`} type="email" label={t('console.grants.email')} autoComplete="off" value={form.email} onChange={set('email')} error={errors.email} />
      <SelectField
        id={`${idPrefix}-role`}
        label={t('console.grants.role')}
        value={form.role}
        onChange={set('role')}
        options={roles.map((role) => ({ value: role, label: roleLabel(role) }))}
      />
      <button type="submit" className="button button--primary" disabled={state === 'sending'}>
        {state === 'sending' ? t('console.grants.granting') : t('console.grants.grant')}
      </button>
    </form>
  );
}
