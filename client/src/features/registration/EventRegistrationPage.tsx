// First: before any shared schema is built (see zodConfig.ts).
import '../../zodConfig.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import type { EventSummary } from '../../../../shared/programme.js';
import type { EventRegistrationState } from '../../../../shared/registration.js';
import { fetchEvents } from '../../api/httpApi.js';
import { registrationApi } from '../../api/registrationApi.js';
import { RequestError } from '../../realtime/requestError.js';
import { PublicPage } from '../programme/PublicPage.js';
import { pathWithinSite } from '../shared/pathWithinSite.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { useConfirm } from '../shared/useConfirm.js';
import { useLoaded } from '../shared/useLoaded.js';
import { EventRegistrationForm } from './EventRegistrationForm.js';
import { registrationErrorText } from './registrationErrors.js';
import './registration.css';

/**
 * The event (from the published events' list: its programme of a thousand
 * sessions is not needed here), and one's registration for it (null: signed out).
 */
async function loadRegistration(slug: string, signal: AbortSignal) {
  const [events, registration] = await Promise.all([
    fetchEvents(signal),
    registrationApi.eventRegistration(slug, signal).catch((error: unknown) => {
      if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return null;
      throw error;
    }),
  ]);
  const event = events.find((candidate) => candidate.slug === slug);
  if (!event) throw new RequestError('NOT_FOUND', 'no published event has this address');
  return { event, registration };
}

/**
 * `/e/:slug/register?from=/s/…`: registering for an event, or changing or
 * cancelling one's registration; `from` is the page to go back to.
 * Loaded when first visited: it brings the shared schemas (zod).
 */
export default function EventRegistrationPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => loadRegistration(slug, signal), slug);
  const name = state.status === 'loaded' ? state.value.event.name : null;
  useEffect(() => {
    document.title = name ? `${t('registration.page.heading', { event: name })} · Convene` : 'Convene';
  }, [name, t]);
  return (
    <PublicPage state={state} reload={reload} loading={t('registration.page.loading')} missing={t('registration.page.notFound')}>
      {({ event, registration }) =>
        registration ? <RegistrationPanel key={event.id} event={event} initial={registration} /> : <SignInToRegister event={event} />
      }
    </PublicPage>
  );
}

function SignInToRegister({ event }: { event: EventSummary }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <section className="panel registration-page" aria-labelledby="registration-page-heading">
      <h1 id="registration-page-heading">{t('registration.page.heading', { event: event.name })}</h1>
      <p>
        {t('registration.page.signIn')}{' '}
        <Link to={`/account/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`}>{t('registration.page.signInLink')}</Link>
      </p>
      <p>
        <Link to="/account/sign-up">{t('registration.page.noAccount')}</Link>
      </p>
    </section>
  );
}

type Outcome = 'registered' | 'saved' | 'cancelled';

/** The form, what the last change did, and (once registered) a way to cancel. */
function RegistrationPanel({ event, initial }: { event: EventSummary; initial: EventRegistrationState }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(initial);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const { registration } = current;
  const said = (next: Outcome) => {
    setOutcome(next);
    // The button pressed may be gone (the form starts again): what happened keeps the place.
    requestAnimationFrame(() => outcomeRef.current?.focus());
  };
  return (
    <section className="panel registration-page" aria-labelledby="registration-page-heading">
      <h1 id="registration-page-heading">{t('registration.page.heading', { event: event.name })}</h1>
      <p className="muted">{t('registration.page.intro')}</p>
      <p className="muted">{t('registration.page.offers', { hours: t('registration.hours', { count: current.offerHours }) })}</p>
      <div role="status" ref={outcomeRef} tabIndex={-1} className="registration-page__outcome">
        {outcome && <OutcomeText outcome={outcome} />}
      </div>
      <EventRegistrationForm
        // A new registration, or none any more: the form starts from it.
        key={registration?.registeredAt ?? 'none'}
        event={event}
        registration={registration}
        onSaved={(next) => {
          setCurrent(next);
          said(registration ? 'saved' : 'registered');
        }}
      />
      {registration && (
        <CancelRegistration
          slug={event.slug}
          onCancelled={() => {
            setCurrent({ ...current, registration: null });
            said('cancelled');
          }}
        />
      )}
    </section>
  );
}

/** "You are registered", with the way back to where the person came from and to their agenda. */
function OutcomeText({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const from = pathWithinSite(search.get('from'));
  return (
    <div className="notice">
      <p>{t(`registration.page.${outcome}`)}</p>
      {outcome !== 'cancelled' && (
        <p className="actions">
          <Link to={from ?? '/'}>{from ? t('registration.page.back') : t('session.backToProgramme')}</Link>
          <Link to="/agenda">{t('registration.myAgenda')}</Link>
        </p>
      )}
    </div>
  );
}

/** Gives up the registration, and with it every place and place in line in the event's sessions (confirmed first). */
function CancelRegistration({ slug, onCancelled }: { slug: string; onCancelled(): void }) {
  const { t } = useTranslation();
  const { ask, dialog } = useConfirm();
  const [isBusy, run] = useBusyAction();
  const [problem, setProblem] = useState<string | null>(null);
  const cancel = () =>
    run(async () => {
      setProblem(null);
      try {
        await registrationApi.cancelRegistration(slug);
        onCancelled();
      } catch (error) {
        setProblem(registrationErrorText(error, t, 'register'));
      }
    });
  return (
    <div className="registration-page__cancel">
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
            title: t('registration.form.cancelTitle'),
            body: t('registration.form.cancelBody'),
            confirmText: t('registration.form.cancel'),
            cancelText: t('registration.form.keep'),
            act: cancel,
          })
        }
      >
        {t('registration.form.cancel')}
      </button>
      {dialog}
    </div>
  );
}
