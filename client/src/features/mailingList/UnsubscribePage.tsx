import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { mailingListApi, type MemberLink } from '../../api/mailingListApi.js';
import { RequestError } from '../../realtime/requestError.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { useLoaded } from '../shared/useLoaded.js';
import { BadLink, MailingListFrame } from './MailingListFrame.js';
import { mailingListErrorText } from './mailingListErrors.js';
import { memberLinkOf } from './mailingListForm.js';

/**
 * `/mailing-list/unsubscribe?m=&t=`: leaving the list. The address leaves
 * when the person presses the button, not when the page loads: mail
 * scanners open every link in a message. (A mail client's own one-click
 * unsubscribe posts to the API directly.)
 */
export function UnsubscribePage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const link = useMemo(() => memberLinkOf(search), [search]);
  return <MailingListFrame heading={t('mailingList.unsubscribe.heading')}>{link ? <Unsubscribe link={link} /> : <BadLink />}</MailingListFrame>;
}

type Left = 'left' | 'notOnList';

function Unsubscribe({ link }: { link: MemberLink }) {
  const { t } = useTranslation();
  // Whose address and which list, to say what the button does; reading them changes nothing.
  const { state } = useLoaded((signal) => mailingListApi.preferences(link, signal), `${link.m}:${link.t}`);
  const [isBusy, run] = useBusyAction();
  const [left, setLeft] = useState<Left | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const said = (next: Left) => {
    setLeft(next);
    requestAnimationFrame(() => outcomeRef.current?.focus());
  };
  const unsubscribe = () =>
    run(async () => {
      setProblem(null);
      try {
        await mailingListApi.unsubscribe(link);
        said('left');
      } catch (error) {
        // Gone already (another click, the mail client's one-click): what the person wanted is done.
        if (error instanceof RequestError && error.code === 'NOT_FOUND') said('notOnList');
        else setProblem(mailingListErrorText(error, t));
      }
    });
  const isGone = left !== null || state.status === 'missing';
  return (
    <>
      <div role="status" ref={outcomeRef} tabIndex={-1} className="page-outcome">
        {left === 'left' && (
          <div className="notice">
            <p>{t('mailingList.unsubscribe.done')}</p>
            <p>{t('mailingList.unsubscribe.kept')}</p>
          </div>
        )}
        {(left === 'notOnList' || (left === null && state.status === 'missing')) && <p className="notice">{t('mailingList.unsubscribe.notOnList')}</p>}
        {left === null && state.status === 'loading' && <p className="muted">{t('mailingList.unsubscribe.loading')}</p>}
      </div>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {!isGone && state.status !== 'loading' && (
        <>
          <p>
            {state.status === 'loaded'
              ? t('mailingList.unsubscribe.explain', { email: state.value.email, event: state.value.eventName })
              : t('mailingList.unsubscribe.explainUnknown')}
          </p>
          <p className="muted">{t('mailingList.unsubscribe.kept')}</p>
          <button type="button" className="button button--danger" aria-disabled={isBusy || undefined} onClick={unsubscribe}>
            {isBusy ? t('mailingList.unsubscribe.leaving') : t('mailingList.unsubscribe.button')}
          </button>
        </>
      )}
    </>
  );
}
