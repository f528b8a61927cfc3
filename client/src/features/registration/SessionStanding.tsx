import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionRegistrationState, SessionRegistrationView } from '../../../../shared/registration.js';
import { useConfirm } from '../shared/useConfirm.js';
import { offerDeadline } from './offerDeadline.js';

interface SessionStandingProps {
  sessionId: string;
  eventName: string;
  offerHours: number;
  zone: string;
  registration: SessionRegistrationState;
  isBusy: boolean;
  onTake(): void;
  onAccept(): void;
  /** Gives up what `mine` holds: the place, the place in line or the offer. */
  onGiveUp(mine: SessionRegistrationView): void;
}

/** Where the person stands for a session, in words, and what they can do about it (giving anything up is confirmed first). */
export function SessionStanding({ sessionId, eventName, offerHours, zone, registration, isBusy, onTake, onAccept, onGiveUp }: SessionStandingProps) {
  const { t, i18n } = useTranslation();
  const { ask, dialog } = useConfirm();
  const here = `/s/${encodeURIComponent(sessionId)}`;
  const { mine } = registration;
  // Buttons say they are busy without losing keyboard focus (see useBusyAction).
  const busy = isBusy || undefined;

  if (!registration.isSignedIn) {
    return (
      <p>
        <Link className="button button--primary" to={`/account/sign-in?next=${encodeURIComponent(here)}`}>
          {t('registration.signIn')}
        </Link>
      </p>
    );
  }
  if (!mine && !registration.isEventRegistered) {
    return (
      <p>
        {t('registration.registerForEvent', { event: eventName })}{' '}
        <Link to={`/e/${encodeURIComponent(registration.eventSlug)}/register?from=${encodeURIComponent(here)}`}>{t('registration.registerForEventLink')}</Link>
      </p>
    );
  }
  if (!mine) {
    return (
      <div className="actions">
        <button type="button" className="button button--primary" aria-disabled={busy} onClick={onTake}>
          {registration.availability.placesLeft === 0 ? t('registration.joinWaitingList') : t('registration.register')}
        </button>
      </div>
    );
  }
  const giveUp = (title: string, body: string, confirmText: string, cancelText: string) => () =>
    ask({ title, body, confirmText, cancelText, act: () => onGiveUp(mine) });
  switch (mine.state) {
    case 'registered':
      return (
        <div className="session-registration__standing">
          <p className="session-registration__state">{t('registration.hasPlace')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              aria-disabled={busy}
              onClick={giveUp(t('registration.cancelPlaceTitle'), t('registration.cancelPlaceBody'), t('registration.cancelPlace'), t('registration.keepPlace'))}
            >
              {t('registration.cancelPlace')}
            </button>
          </div>
          {dialog}
        </div>
      );
    case 'waiting':
      return (
        <div className="session-registration__standing">
          <p className="session-registration__state">{t('registration.waiting', { position: mine.position ?? '' })}</p>
          <p className="muted">{t('registration.waitingHint', { hours: t('registration.hours', { count: offerHours }) })}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              aria-disabled={busy}
              onClick={giveUp(t('registration.leaveTitle'), t('registration.leaveBody'), t('registration.leaveWaitingList'), t('registration.stayInLine'))}
            >
              {t('registration.leaveWaitingList')}
            </button>
          </div>
          {dialog}
        </div>
      );
    case 'offered':
      return (
        <div className="session-registration__standing">
          <p className="session-registration__state">
            {t('registration.offered', { until: mine.offerExpiresAt ? offerDeadline(mine.offerExpiresAt, zone, i18n.language) : '' })}
          </p>
          <div className="actions">
            <button type="button" className="button button--primary" aria-disabled={busy} onClick={onAccept}>
              {t('registration.accept')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              aria-disabled={busy}
              onClick={giveUp(t('registration.declineTitle'), t('registration.declineBody'), t('registration.decline'), t('registration.keepOffer'))}
            >
              {t('registration.decline')}
            </button>
          </div>
          {dialog}
        </div>
      );
  }
}
