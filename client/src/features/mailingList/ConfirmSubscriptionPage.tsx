import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ConfirmedMember } from '../../../../shared/mailingList.js';
import { mailingListApi } from '../../api/mailingListApi.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { BadLink, MailingListFrame } from './MailingListFrame.js';
import { mailingListErrorText } from './mailingListErrors.js';

/**
 * `/mailing-list/confirm?token=…`: the link mailed on signing up. The
 * address is confirmed when the person presses the button, not when the
 * page loads: mail scanners open links, and would confirm addresses whose
 * owners never asked.
 */
export function ConfirmSubscriptionPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const token = search.get('token');
  return <MailingListFrame heading={t('mailingList.confirm.heading')}>{token ? <ConfirmButton token={token} /> : <BadLink />}</MailingListFrame>;
}

function ConfirmButton({ token }: { token: string }) {
  const { t } = useTranslation();
  const [isBusy, run] = useBusyAction();
  const [confirmed, setConfirmed] = useState<ConfirmedMember | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const confirm = () =>
    run(async () => {
      setProblem(null);
      try {
        setConfirmed(await mailingListApi.confirm(token));
        // The button is gone: what happened keeps the place.
        requestAnimationFrame(() => outcomeRef.current?.focus());
      } catch (error) {
        setProblem(mailingListErrorText(error, t));
      }
    });
  return (
    <>
      <div role="status" ref={outcomeRef} tabIndex={-1} className="page-outcome">
        {confirmed && (
          <div className="notice">
            <p>{t('mailingList.confirm.done', { email: confirmed.email, event: confirmed.eventName })}</p>
            <p>{t('mailingList.confirm.doneHint')}</p>
            <p>
              <Link to={confirmed.preferencesPath}>{t('mailingList.confirm.preferencesLink')}</Link>
            </p>
          </div>
        )}
      </div>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {!confirmed && (
        <>
          <p>{t('mailingList.confirm.explain')}</p>
          <button type="button" className="button button--primary" aria-disabled={isBusy || undefined} onClick={confirm}>
            {isBusy ? t('mailingList.confirm.confirming') : t('mailingList.confirm.button')}
          </button>
        </>
      )}
    </>
  );
}
