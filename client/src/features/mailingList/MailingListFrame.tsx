import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageFrame } from '../shared/PageFrame.js';

/** The frame of each page a list message links to. */
export function MailingListFrame({ heading, children }: { heading: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <PageFrame heading={heading} back={t('mailingList.backToEvent')} className="mailing-list-page">
      {children}
    </PageFrame>
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
