import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { zonedTimes } from '../../../../shared/timeZones.js';
import type { AgendaItem, AgendaView } from '../../../../shared/registration.js';
import { registrationApi } from '../../api/registrationApi.js';
import { RequestError } from '../../realtime/requestError.js';
import { SessionAction } from '../programme/SessionAction.js';
import { SessionTimes } from '../programme/SessionTimes.js';
import { useNow } from '../programme/useNow.js';
import { useViewerZone } from '../programme/useViewerZone.js';
import { ZoneChooser } from '../programme/ZoneChooser.js';
import { offerDeadline } from '../registration/offerDeadline.js';
import { registrationErrorText } from '../registration/registrationErrors.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { useConfirm } from '../shared/useConfirm.js';
import { agendaDays } from './agendaDays.js';

interface AgendaSessionsProps {
  items: AgendaItem[];
  onChanged(view: AgendaView): void;
}

/**
 * One's sessions by day in one's own zone, each with where one stands; an
 * offer can be accepted or declined here. The agenda is read again after
 * each (the server answers those with the session's state alone).
 */
export function AgendaSessions({ items, onChanged }: AgendaSessionsProps) {
  const { t, i18n } = useTranslation();
  const [zone, setZone] = useViewerZone();
  const now = useNow();
  const [isBusy, run] = useBusyAction();
  const { ask, dialog } = useConfirm();
  const [outcome, setOutcome] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const answerOffer = (item: AgendaItem, isAccepting: boolean) =>
    run(async () => {
      setOutcome('');
      setProblem(null);
      try {
        await (isAccepting ? registrationApi.acceptOffer(item.session.id) : registrationApi.giveUpPlace(item.session.id));
        setOutcome(isAccepting ? t('registration.outcome.accepted') : t('registration.outcome.declined'));
      } catch (error) {
        setProblem(registrationErrorText(error, t, isAccepting ? 'accept' : 'giveUp'));
        if (!(error instanceof RequestError && error.code === 'CONFLICT')) return;
      }
      // Accepted, declined or lapsed: the agenda as it is now.
      await registrationApi.agenda().then(onChanged, (error: unknown) => setProblem(registrationErrorText(error, t, 'agenda')));
      headingRef.current?.focus();
    });

  return (
    <section aria-labelledby="agenda-sessions-heading">
      <h2 id="agenda-sessions-heading" ref={headingRef} tabIndex={-1}>
        {t('agenda.sessions')}
      </h2>
      <p role="status">{outcome}</p>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {items.length === 0 ? (
        <p>
          {t('agenda.empty')} <Link to="/">{t('agenda.browse')}</Link>
        </p>
      ) : (
        <>
          <ZoneChooser zone={zone} onChange={setZone} />
          {agendaDays(items, zone).map(({ day, items: dayItems }) => (
            <section key={day} aria-labelledby={`agenda-day-${day}`}>
              <h3 id={`agenda-day-${day}`} className="programme__day-heading">
                {zonedTimes(dayItems[0]!.session.startsAt, dayItems[0]!.session.endsAt, zone, i18n.language).date}
              </h3>
              <ul className="programme__sessions">
                {dayItems.map((item) => (
                  <li key={item.session.id}>
                    <AgendaEntry
                      item={item}
                      zone={zone}
                      now={now}
                      isBusy={isBusy}
                      onAccept={() => answerOffer(item, true)}
                      onDecline={() =>
                        ask({
                          title: t('registration.declineTitle'),
                          body: t('registration.declineBody'),
                          confirmText: t('registration.decline'),
                          cancelText: t('registration.keepOffer'),
                          act: () => answerOffer(item, false),
                        })
                      }
                    />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      {dialog}
    </section>
  );
}

interface AgendaEntryProps {
  item: AgendaItem;
  zone: string;
  now: number;
  isBusy: boolean;
  onAccept(): void;
  onDecline(): void;
}

/** A session of one's agenda: what and when, where one stands, and (live) the way in. */
function AgendaEntry({ item, zone, now, isBusy, onAccept, onDecline }: AgendaEntryProps) {
  const { t, i18n } = useTranslation();
  const { session, event, registration } = item;
  const busy = isBusy || undefined;
  return (
    <article className="session-card agenda-entry" aria-labelledby={`agenda-${session.id}`}>
      <p className="session-card__kind">
        {event.name} · {t(`kind.${session.kind}`)}
      </p>
      <h4 id={`agenda-${session.id}`} className="session-card__title">
        <Link to={`/s/${encodeURIComponent(session.id)}`}>{session.title}</Link>
      </h4>
      <SessionTimes session={session} zone={zone} />
      <p className={`agenda-entry__standing agenda-entry__standing--${registration.state}`}>
        {registration.state === 'registered' && t('agenda.hasPlace')}
        {registration.state === 'waiting' && t('agenda.waiting', { position: registration.position ?? '' })}
        {registration.state === 'offered' &&
          t('agenda.offered', { until: registration.offerExpiresAt ? offerDeadline(registration.offerExpiresAt, zone, i18n.language) : '' })}
      </p>
      {registration.state === 'offered' ? (
        <div className="actions">
          <button type="button" className="button button--primary" aria-disabled={busy} onClick={onAccept} aria-label={t('agenda.acceptFor', { title: session.title })}>
            {t('agenda.accept')}
          </button>
          <button type="button" className="button button--secondary" aria-disabled={busy} onClick={onDecline} aria-label={t('agenda.declineFor', { title: session.title })}>
            {t('agenda.decline')}
          </button>
        </div>
      ) : (
        registration.state === 'registered' && <SessionAction session={session} now={now} />
      )}
    </article>
  );
}
