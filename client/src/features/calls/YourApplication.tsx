import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { CallSummary, MyApplication } from '../../../../shared/calls.js';
import { callsApi } from '../../api/callsApi.js';
import { ApplicationForm } from './ApplicationForm.js';
import { ApplicationStanding } from './ApplicationStanding.js';
import type { ApplicationStep } from './applicationStep.js';
import { WithdrawApplication } from './WithdrawApplication.js';

/** A call's page as read: the call, whether someone is signed in (and has confirmed their address), and their application. */
export interface CallView {
  call: CallSummary;
  account: { emailVerified: boolean } | null;
  application: MyApplication | null;
}

type Outcome = 'applied' | 'saved' | 'withdrawn' | 'changed';

interface YourApplicationProps {
  view: CallView;
  step: ApplicationStep;
  onChanged(view: CallView): void;
}

/** Signing in, confirming one's address, the form, or where one's application stands: with what the last change did. */
export function YourApplication({ view, step, onChanged }: YourApplicationProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const said = (next: Outcome) => {
    setOutcome(next);
    // The button pressed may be gone (the form gives way to the application): what happened keeps the place.
    requestAnimationFrame(() => outcomeRef.current?.focus());
  };
  const answered = (application: MyApplication, next: Outcome) => {
    onChanged({ ...view, call: application.call, application });
    said(next);
  };
  /** The call closed or the application was decided meanwhile: both are read again, and the page says so. */
  const refresh = async () => {
    try {
      const [call, application] = await Promise.all([callsApi.call(view.call.id), callsApi.myApplication(view.call.id)]);
      onChanged({ ...view, call, application });
    } catch {
      // Left as read: the message asks to look again, and reloading reads it all.
    }
    said('changed');
  };
  // Nothing sent and nothing more to send: the call's page says it is closed.
  if (step === 'closed' && outcome === null) return null;
  const { call, application } = view;
  return (
    <section className="panel call-application" aria-labelledby="application-heading">
      <h2 id="application-heading">{t('calls.application.heading')}</h2>
      <div role="status" ref={outcomeRef} tabIndex={-1} className="page-outcome">
        {outcome && <p className="notice">{t(`calls.outcome.${outcome}`)}</p>}
      </div>
      {step === 'signIn' && <SignInToApply />}
      {step === 'confirmEmail' && <ConfirmEmailFirst />}
      {application && <ApplicationStanding application={application} showsAnswers={step !== 'edit'} />}
      {(step === 'apply' || step === 'edit') && (
        <ApplicationForm
          // Once sent, the form starts again from the application (with "Save changes").
          key={application?.id ?? 'new'}
          call={call}
          application={application}
          onSaved={(next) => answered(next, application ? 'saved' : 'applied')}
          onConflict={() => void refresh()}
        />
      )}
      {application?.state === 'submitted' && (
        <WithdrawApplication callId={call.id} onWithdrawn={(next) => answered(next, 'withdrawn')} onConflict={() => void refresh()} />
      )}
    </section>
  );
}

function SignInToApply() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <>
      <p>
        {t('calls.page.signIn')}{' '}
        <Link to={`/account/sign-in?next=${encodeURIComponent(location.pathname)}`}>{t('calls.page.signInLink')}</Link>
      </p>
      <p>
        <Link to="/account/sign-up">{t('calls.page.noAccount')}</Link>
      </p>
    </>
  );
}

/** Applying needs a confirmed address: the decision is mailed there (the server refuses with CONFLICT otherwise). */
function ConfirmEmailFirst() {
  const { t } = useTranslation();
  return (
    <div className="notice notice--warning">
      <p>{t('calls.page.confirmEmail')}</p>
      <p>
        <Link to="/account">{t('calls.page.confirmEmailLink')}</Link>
      </p>
    </div>
  );
}
