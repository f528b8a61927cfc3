import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONSOLE_PAGE_SIZE } from '../../../../shared/console.js';
import type { Loaded } from '../shared/useLoaded.js';

/** A console page: the way back, its heading, its content. */
export function ConsoleFrame({ heading, back = '/console', children }: { heading: string; back?: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${heading} · Convene`;
  }, [heading]);
  return (
    <main className="landing console">
      <p>{back === '/console' ? <Link to="/console">{t('console.backToConsole')}</Link> : <Link to="/">{t('session.backToProgramme')}</Link>}</p>
      <h1>{heading}</h1>
      {children}
    </main>
  );
}

/** A read that has not loaded: said, with a way to try again; signed out: a way to sign in. */
export function NotLoaded({ state, reload }: { state: Exclude<Loaded<unknown>, { status: 'loaded' }>; reload(): void }) {
  const { t } = useTranslation();
  if (state.status === 'loading') {
    return (
      <p role="status" className="muted">
        {t('console.loading')}
      </p>
    );
  }
  if (state.status === 'missing') return <p className="notice">{t('console.notFound')}</p>;
  if (state.code === 'UNAUTHENTICATED') {
    return (
      <p className="notice">
        {t('console.signInFirst')}{' '}
        <Link to={`/account/sign-in?next=${encodeURIComponent(location.pathname)}`}>{t('console.signIn')}</Link>
      </p>
    );
  }
  return (
    <div className="notice notice--error" role="alert">
      <p>{t('console.loadError', { message: state.message })}</p>
      <button type="button" className="button button--secondary" onClick={reload}>
        {t('console.retry')}
      </button>
    </div>
  );
}

export function Problem({ text }: { text: string | null }) {
  return text ? (
    <p className="notice notice--error" role="alert">
      {text}
    </p>
  ) : null;
}

/** Previous and next page of a long list; nothing when it fits on one. */
export function PageNav({ label, offset, next, onMove }: { label: string; offset: number; next: number | null; onMove(offset: number): void }) {
  const { t } = useTranslation();
  if (offset === 0 && next === null) return null;
  return (
    <nav className="actions" aria-label={label}>
      <button type="button" className="button button--secondary" disabled={offset === 0} onClick={() => onMove(Math.max(0, offset - CONSOLE_PAGE_SIZE))}>
        {t('console.sessions.previous')}
      </button>
      <button type="button" className="button button--secondary" disabled={next === null} onClick={() => onMove(next ?? offset)}>
        {t('console.sessions.next')}
      </button>
    </nav>
  );
}
