import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallSummary } from '../../../../shared/calls.js';
import { deadlineLabel, deadlineReadings } from './callDeadline.js';

interface CallDeadlineProps {
  call: Pick<CallSummary, 'closesAt' | 'timeZone' | 'isOpen'>;
  /** The zone the person reads times in. */
  zone: string;
}

/** "Apply by …" (or "Closed on …") on the person's clock; the organisers' alongside when it reads differently. */
export function CallDeadline({ call, zone }: CallDeadlineProps) {
  const { t, i18n } = useTranslation();
  // When the page was read, as `isOpen` was: the wording follows the server's word, not a ticking clock.
  const [readAt] = useState(() => Date.now());
  const { viewer, organisers } = deadlineReadings(call.closesAt, zone, call.timeZone, i18n.language);
  return (
    <span className="call-deadline">
      <time dateTime={call.closesAt} className="call-deadline__local">
        {t(`calls.${deadlineLabel(call, readAt)}`, { date: viewer })}
      </time>
      {organisers && <span className="muted call-deadline__organisers">{t('calls.organisersTime', { date: organisers })}</span>}
    </span>
  );
}
