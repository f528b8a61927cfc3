import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../shared/events.js';
import { LIFETIME_CHOICES, type InvitationCreated } from '../../../../shared/invitations.js';
import { consoleApi } from '../../api/consoleApi.js';
import { SelectField } from '../shared/FormField.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded, Problem } from './ConsoleFrame.js';
import { consoleErrorText } from './consoleErrors.js';
import { useConfirm } from '../shared/useConfirm.js';

/**
 * A session's invitation links, for guests without an account: the same
 * record as the room's "Invite people" and `npm run invite`. A new link is
 * shown once (only its maker ever sees it); revoking one takes its role
 * from whoever holds it, at once.
 */
export function InvitationsPanel({ eventId, sessionId }: { eventId: string; sessionId: string }) {
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => consoleApi.invitations(eventId, sessionId, signal), `${eventId}:${sessionId}:links`);
  const [role, setRole] = useState<Role>('speaker');
  const [hours, setHours] = useState<number | null>(null);
  const [made, setMade] = useState<InvitationCreated | null>(null);
  const [isCopied, setCopied] = useState(false);
  const { ask, dialog } = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  const [isMinting, setMinting] = useState(false);
  if (state.status !== 'loaded') return <NotLoaded state={state} reload={reload} />;
  const { invitations, limits } = state.value;
  const lifetimes = LIFETIME_CHOICES.filter((choice) => choice <= limits.maxHours);
  const lifetime = hours ?? limits.defaultHours[role];
  const mint = () => {
    setProblem(null);
    setMinting(true);
    setCopied(false);
    consoleApi
      .mintInvitation(eventId, sessionId, role, lifetime)
      .then(
        (created) => {
          setMade(created);
          reload();
        },
        (error: unknown) => setProblem(consoleErrorText(error, t)),
      )
      .finally(() => setMinting(false));
  };
  return (
    <section className="panel" aria-labelledby="links-heading">
      <h2 id="links-heading">{t('console.invitations.heading')}</h2>
      <p className="muted">{t('console.invitations.explain')}</p>
      <Problem text={problem} />
      <div className="console-form">
        <div className="console-form__pair">
          <SelectField
            id="link-role"
            label={t('console.invitations.role')}
            value={role}
            onChange={(value) => setRole(value as Role)}
            options={ROLES.map((value) => ({ value, label: t(`console.invitations.roles.${value}`) }))}
          />
          <SelectField
            id="link-hours"
            label={t('console.invitations.lifetime')}
            value={String(lifetime)}
            onChange={(value) => setHours(Number(value))}
            options={[...new Set([...lifetimes, lifetime])].sort((a, b) => a - b).map((value) => ({ value: String(value), label: t('console.invitations.hours', { count: value }) }))}
          />
        </div>
        <button type="button" className="button button--primary" onClick={mint} disabled={isMinting}>
          {isMinting ? t('console.invitations.minting') : t('console.invitations.mint')}
        </button>
      </div>
      {made && (
        <div className="notice" role="status">
          <p>{t('console.invitations.made')}</p>
          <input className="console-link" readOnly aria-label={t('console.invitations.linkLabel')} value={made.url} onFocus={(event) => event.target.select()} />
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void navigator.clipboard?.writeText(made.url).then(() => setCopied(true), () => undefined)}
          >
            {isCopied ? t('console.invitations.copied') : t('console.invitations.copy')}
          </button>
        </div>
      )}
      {invitations.length === 0 ? (
        <p className="muted">{t('console.invitations.empty')}</p>
      ) : (
        <ul className="console-list">
          {invitations.map((invitation) => (
            <li key={invitation.invitationId} className="console-list__item">
              <span>
                {t('console.invitations.entry', {
                  role: t(`console.invitations.roles.${invitation.role}`),
                  by: invitation.createdBy,
                  uses: invitation.uses,
                  until: new Date(invitation.expiresAt).toLocaleString(),
                })}
              </span>
              <span className="console-badges">
                <span className={`badge ${invitation.status === 'active' ? 'badge--ok' : 'badge--muted'}`}>{t(`console.invitations.status.${invitation.status}`)}</span>
                {invitation.status === 'active' && (
                  <button type="button" className="button button--secondary button--small" onClick={() =>
                      ask({
                        title: t('console.invitations.revoke'),
                        body: t('console.invitations.revokeConfirm'),
                        confirmText: t('console.invitations.revoke'),
                        act: () =>
                          void consoleApi
                            .revokeInvitation(eventId, sessionId, invitation.invitationId)
                            .then(reload, (error: unknown) => setProblem(consoleErrorText(error, t))),
                      })
                    }
                  >
                    {t('console.invitations.revoke')}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {dialog}
    </section>
  );
}
