import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A CSV download, and what downloading means beside it: the download is
 * logged and the file holds personal data. A plain link: the browser sends
 * the sign-in cookie and saves the file itself, with no copy in memory here.
 */
export function CsvExport({ href, label }: { href: string; label: string }) {
  const { t } = useTranslation();
  const noteId = useId();
  return (
    <div className="csv-export">
      <a className="button button--secondary button--small" href={href} download aria-describedby={noteId}>
        {label}
      </a>
      <p id={noteId} className="field__hint">
        {t('console.registrations.exportNote')}
      </p>
    </div>
  );
}
