import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyApplication } from '../../../../shared/calls.js';
import { callsApi } from '../../api/callsApi.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { useConfirm } from '../shared/useConfirm.js';
import { callErrorText, isConflict } from './callErrors.js';

interface WithdrawApplicationProps {
  callId: string;
  onWithdrawn(application: MyApplication): void;
  /** Decided meanwhile: the page reads it again and says so. */
  onConflict(): void;
}

/** Takes one's application back, confirmed first: it cannot be sent again. */
export function WithdrawApplication({ callId, onWithdrawn, onConflict }: WithdrawApplicationProps) {
  const { t } = useTranslation();
  const { ask, dialog } = useConfirm();
  const [isBusy, run] = useBusyAction();
  const [problem, setProblem] = useState<string | null>(null);
  const withdraw = () =>
    run(async () => {
      setProblem(null);
      try {
        onWithdrawn(await callsApi.withdraw(callId));
      } catch (error) {
        if (isConflict(error)) onConflict();
        else setProblem(callErrorText(error, t, 'withdraw'));
      }
    });
  return (
    <div className="application-withdraw">
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <button
        type="button"
        className="button button--secondary"
        aria-disabled={isBusy || undefined}
        onClick={() =>
          ask({
            title: t('calls.form.withdrawTitle'),
            body: t('calls.form.withdrawBody'),
            confirmText: t('calls.form.withdraw'),
            cancelText: t('calls.form.keep'),
            act: withdraw,
          })
        }
      >
        {isBusy ? t('calls.form.withdrawing') : t('calls.form.withdraw')}
      </button>
      {dialog}
    </div>
  );
}
