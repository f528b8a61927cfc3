import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsolePage } from '../../../../shared/console.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded, PageNav, Problem } from './ConsoleFrame.js';
import { consoleErrorText } from './consoleErrors.js';
import { useConfirm } from '../shared/useConfirm.js';

interface Entry {
  id: string;
  name: string;
}

export interface DirectoryPanelProps<T extends Entry> {
  /** Its text's keys: `console.people.*` or `console.partners.*`. */
  kind: 'people' | 'partners';
  load(query: string, offset: number, signal: AbortSignal): Promise<ConsolePage<T>>;
  imageOf(entry: T): string | null;
  shape: 'photo' | 'logo';
  /** A line under the name (organisation, country). */
  describe(entry: T): string;
  remove(entry: T): Promise<unknown>;
  /** The form for a new entry (null) or an existing one. */
  form(entry: T | null, on: FormEvents<T>): ReactNode;
}

export interface FormEvents<T> {
  /** Saved: the list reloads; a new entry opens for its picture. */
  saved(entry: T, isNew: boolean): void;
  /** Changed but still open (a picture sent). */
  changed(entry: T): void;
  cancel(): void;
}

/**
 * An event's people or partners: found by name, a page at a time, each
 * edited in place (its picture too) or deleted after confirming, and a
 * form for a new one.
 */
export function DirectoryPanel<T extends Entry>({ kind, load, imageOf, shape, describe, remove, form }: DirectoryPanelProps<T>) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<T | null>(null);
  const [isAdding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { ask, dialog } = useConfirm();
  const { state, reload } = useLoaded((signal) => load(query, offset, signal), `${kind}:${query}:${offset}`);
  // Opening an entry moves the focus (and the view, on a phone far down the list) to its form.
  const editingHeading = useRef<HTMLHeadingElement>(null);
  const editingId = editing?.id ?? null;
  useEffect(() => {
    if (editingId !== null) editingHeading.current?.focus();
  }, [editingId]);
  const on: FormEvents<T> = {
    saved(entry, isNew) {
      setAdding(false);
      setEditing(isNew ? entry : null);
      reload();
    },
    changed(entry) {
      setEditing(entry);
      reload();
    },
    cancel() {
      setAdding(false);
      setEditing(null);
    },
  };
  const headingId = `${kind}-heading`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="console-heading">
        <h2 id={headingId}>{t(`console.${kind}.heading`)}</h2>
        {!isAdding && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setEditing(null);
              setAdding(true);
            }}
          >
            {t(`console.${kind}.add`)}
          </button>
        )}
      </div>
      <p className="muted">{t(`console.${kind}.explain`)}</p>
      {isAdding && (
        <div className="console-card">
          <h3>{t(`console.${kind}.add`)}</h3>
          {form(null, on)}
        </div>
      )}
      {editing && (
        // Above the list, not in it: a new entry may sort onto another page.
        <div className="console-card">
          <h3 ref={editingHeading} tabIndex={-1}>
            {t('console.directory.editing', { name: editing.name })}
          </h3>
          {form(editing, on)}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${kind}-search`}>{t(`console.${kind}.search`)}</label>
        <input
          id={`${kind}-search`}
          type="search"
          autoComplete="off"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setOffset(0);
          }}
        />
      </div>
      <Problem text={problem} />
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.total === 0 ? (
        <p className="muted">{query ? t(`console.${kind}.noMatch`) : t(`console.${kind}.empty`)}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('console.directory.page', { from: offset + 1, to: offset + state.value.items.length, total: state.value.total })}
          </p>
          <ul className="console-list">
            {state.value.items.map((entry) => (
                <li key={entry.id} className="console-list__item">
                  <span className="console-entry">
                    {imageOf(entry) ? (
                      <img className={`picture picture--${shape}`} src={imageOf(entry)!} alt="" />
                    ) : (
                      <span className={`picture picture--${shape} picture--none`} aria-hidden="true" />
                    )}
                    <span>
                      <strong>{entry.name}</strong>
                      {describe(entry) && <span className="muted console-entry__line">{describe(entry)}</span>}
                    </span>
                  </span>
                  <span className="console-badges">
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => {
                        setAdding(false);
                        setEditing(entry);
                      }}
                    >
                      {t('console.directory.edit')}
                      <span className="visually-hidden"> {entry.name}</span>
                    </button>
                    <button
                      type="button"
                      className="button button--danger button--small"
                      onClick={() =>
                        ask({
                          title: t(`console.${kind}.delete`),
                          body: t(`console.${kind}.deleteConfirm`, { name: entry.name }),
                          confirmText: t(`console.${kind}.delete`),
                          act: () => {
                            setProblem(null);
                            remove(entry).then(reload, (error: unknown) => setProblem(consoleErrorText(error, t)));
                          },
                        })
                      }
                    >
                      {t('console.directory.delete')}
                      <span className="visually-hidden"> {entry.name}</span>
                    </button>
                  </span>
                </li>
            ))}
          </ul>
          <PageNav label={t(`console.${kind}.heading`)} offset={offset} next={state.value.next} onMove={setOffset} />
        </>
      )}
      {dialog}
    </section>
  );
}
