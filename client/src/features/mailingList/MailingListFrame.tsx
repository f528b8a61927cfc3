import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The frame of each page a list message links to: the way to the event's page, a heading, the content. */
export function MailingListFrame({ heading, children }: { heading: string; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${heading} · Convene`;
  }, [heading]);
  return (
    <main className="landing">
      <p>
        <Link to="/">{t('mailingList.backToEvent')}</Link>
      </p>
      <section className="panel mailing-list-page" aria-labelledby="mailing-list-heading">
        <h1 id="mailing-list-heading">{heading}</h1>
        {children}
      </section>
    </main>
  );
}

/** A link cut short or altered (a mail client wrapped it, say): nothing to ask the server. */
export function BadLink() {
  const { t } = useTranslation();
  return (
    <p className="notice notice--error" role="alert">
      {t('mailingList.badLink')}
    </p>
  );
}
