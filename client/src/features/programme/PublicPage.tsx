import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Loaded } from '../shared/useLoaded.js';
import './programme.css';

interface PublicPageProps<T> {
  state: Loaded<T>;
  reload(): void;
  /** What the page says while loading, and when nothing has this address. */
  loading: string;
  missing: string;
  children(value: T): ReactNode;
}

/** A public page of the programme (a session, a speaker): the way back, then loading, missing, failed, or the page. */
export function PublicPage<T>({ state, reload, loading, missing, children }: PublicPageProps<T>) {
  const { t } = useTranslation();
  return (
    <main className="landing programme-page">
      <p>
        <Link to="/">{t('session.backToProgramme')}</Link>
      </p>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          {loading}
        </p>
      )}
      {state.status === 'missing' && <p role="alert">{missing}</p>}
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>{state.message}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            {t('programme.retry')}
          </button>
        </div>
      )}
      {state.status === 'loaded' && children(state.value)}
    </main>
  );
}
