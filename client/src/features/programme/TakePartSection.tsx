import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EventSummary, TopicSummary } from '../../../../shared/programme.js';
import { OpenCalls } from '../calls/OpenCalls.js';
import { WhenNearViewport } from '../shared/WhenNearViewport.js';

/** The sign-up form brings the shared schemas (zod): loaded once the section comes near the screen. */
const MailingListSignUp = lazy(() => import('../mailingList/MailingListSignUp.js'));

interface TakePartSectionProps {
  event: Pick<EventSummary, 'slug' | 'name'>;
  topics: readonly TopicSummary[];
  /** The zone the programme shows times in. */
  zone: string;
}

/** "Take part": registering as a delegate, the event's open calls, and its mailing list to join. */
export function TakePartSection({ event, topics, zone }: TakePartSectionProps) {
  const { t } = useTranslation();
  const loadingForm = (
    <p className="muted" role="status">
      {t('mailingList.loadingForm')}
    </p>
  );
  return (
    <section className="panel take-part" aria-labelledby="take-part-heading">
      <h2 id="take-part-heading">{t('programme.takePart', { event: event.name })}</h2>
      <section className="take-part__part" aria-labelledby="register-heading">
        <h3 id="register-heading">{t('programme.register.heading')}</h3>
        <p className="muted">{t('programme.register.intro')}</p>
        <p>
          <Link className="button button--primary" to={`/e/${encodeURIComponent(event.slug)}/register`}>
            {t('programme.register.link')}
          </Link>
        </p>
      </section>
      <OpenCalls slug={event.slug} zone={zone} />
      <section className="take-part__part" aria-labelledby="mailing-list-heading">
        <h3 id="mailing-list-heading">{t('mailingList.heading')}</h3>
        <p className="muted">{t('mailingList.intro', { event: event.name })}</p>
        <WhenNearViewport placeholder={loadingForm}>
          <Suspense fallback={loadingForm}>
            <MailingListSignUp slug={event.slug} topics={topics.map((topic) => topic.name)} />
          </Suspense>
        </WhenNearViewport>
      </section>
    </section>
  );
}
