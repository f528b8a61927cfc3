import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applicationCommentSchema, type ConsoleApplication } from '../../../../shared/calls.js';
import { consoleApi } from '../../api/consoleApi.js';
import { TextAreaField } from '../shared/FormField.js';
import { Problem } from './ConsoleFrame.js';
import { instantText } from '../shared/instantText.js';
import { useConsoleForm } from './useConsoleForm.js';

interface ApplicationCommentsProps {
  eventId: string;
  application: ConsoleApplication;
  zone: string;
  onChanged(application: ConsoleApplication): void;
}

/** The organisers' notes on an application, oldest first, and one more: for organisers only, never shown to the applicant. */
export function ApplicationComments({ eventId, application, zone, onChanged }: ApplicationCommentsProps) {
  const { t, i18n } = useTranslation();
  // Each note added starts a new, empty form; the keyboard goes back into it for the next note.
  const [added, setAdded] = useState(0);
  const formArea = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (added > 0) formArea.current?.querySelector('textarea')?.focus();
  }, [added]);
  const id = `comments-${application.id}`;
  return (
    <section className="application-entry__section" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t('console.applications.comments.heading')}</h4>
      <p className="field__hint">{t('console.applications.comments.hint')}</p>
      {application.comments.length === 0 ? (
        <p className="muted">{t('console.applications.comments.empty')}</p>
      ) : (
        <ul className="application-comments">
          {application.comments.map((comment) => (
            <li key={comment.id}>
              <p className="application-entry__text">{comment.body}</p>
              <p className="muted">{t('console.applications.comments.by', { name: comment.authorName, at: instantText(comment.at, zone, i18n.language) })}</p>
            </li>
          ))}
        </ul>
      )}
      <div ref={formArea}>
        <CommentForm
          key={added}
          id={`${id}-body`}
          add={async (body) => {
            onChanged(await consoleApi.commentOnApplication(eventId, application.id, body));
            setAdded((count) => count + 1);
          }}
        />
      </div>
    </section>
  );
}

function CommentForm({ id, add }: { id: string; add(body: string): Promise<unknown> }) {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm({ body: '' }, applicationCommentSchema, ({ body }) => add(body));
  return (
    <form className="console-form application-comments__form" onSubmit={onSubmit} noValidate>
      <Problem text={problem} />
      <TextAreaField id={id} rows={2} label={t('console.applications.comments.body')} value={form.body} onChange={set('body')} error={errors.body} />
      <button type="submit" className="button button--secondary button--small" disabled={state === 'sending'}>
        {state === 'sending' ? t('console.applications.comments.adding') : t('console.applications.comments.add')}
      </button>
    </form>
  );
}
