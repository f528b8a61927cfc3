import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

interface SignInForRecordingsProps {
  /** The sentence above the link; the library's own by default. */
  reason?: string;
}

/**
 * Some recordings are for the people registered for their event: signing
 * in (and registering) shows them. Comes back here after signing in.
 */
export function SignInForRecordings({ reason }: SignInForRecordingsProps) {
  const { t } = useTranslation();
  const id = useId();
  const { pathname, search } = useLocation();
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('library.registeredHeading')}</h2>
      <p>{reason ?? t('library.registeredReason')}</p>
      <Link className="button" to={`/account/sign-in?next=${encodeURIComponent(pathname + search)}`}>
        {t('library.signIn')}
      </Link>
    </section>
  );
}
