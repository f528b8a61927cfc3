import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { topicInputSchema } from '../../../../shared/console.js';
import type { TopicSummary } from '../../../../shared/programme.js';
import { consoleApi } from '../../api/consoleApi.js';
import { FormField, TextAreaField } from '../shared/FormField.js';
import { Problem } from './ConsoleFrame.js';
import { consoleErrorText } from './consoleErrors.js';
import { useConfirm } from '../shared/useConfirm.js';
import { useConsoleForm } from './useConsoleForm.js';

/** The event's topics (tracks): add, rename, delete after confirming (their sessions stay, without one). */
export function TopicsPanel({ eventId, topics, onChanged }: { eventId: string; topics: TopicSummary[]; onChanged(): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const { ask, dialog } = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="topics-heading">
      <h2 id="topics-heading">{t('console.topics.heading')}</h2>
      <Problem text={problem} />
      {topics.length === 0 ? (
        <p className="muted">{t('console.topics.empty')}</p>
      ) : (
        <ul className="console-list">
          {topics.map((topic) =>
            editing === topic.id ? (
              <li key={topic.id} className="console-list__item">
                <TopicForm
                  idPrefix={`topic-${topic.id}`}
                  topic={topic}
                  submitText={t('console.save')}
                  send={async (input) => {
                    await consoleApi.updateTopic(eventId, topic.id, input);
                    setEditing(null);
                    onChanged();
                  }}
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={topic.id} className="console-list__item">
                <div>
                  <strong>{topic.name}</strong>
                  {topic.description && <p className="muted">{topic.description}</p>}
                </div>
                <span className="console-badges">
                  <button type="button" className="button button--secondary button--small" onClick={() => setEditing(topic.id)}>
                    {t('console.topics.edit')}
                    <span className="visually-hidden"> {topic.name}</span>
                  </button>
                  <button type="button" className="button button--danger button--small" onClick={() =>
                      ask({
                        title: t('console.topics.delete'),
                        body: t('console.topics.deleteConfirm', { name: topic.name }),
                        confirmText: t('console.topics.delete'),
                        act: () => void consoleApi.deleteTopic(eventId, topic.id).then(onChanged, (error: unknown) => setProblem(consoleErrorText(error, t))),
                      })
                    }
                  >
                    {t('console.topics.delete')}
                    <span className="visually-hidden"> {topic.name}</span>
                  </button>
                </span>
              </li>
            ),
          )}
        </ul>
      )}
      {dialog}
      <h3>{t('console.topics.add')}</h3>
      <TopicForm
        key={topics.length}
        idPrefix="new-topic"
        submitText={t('console.topics.add')}
        send={async (input) => {
          await consoleApi.createTopic(eventId, input);
          onChanged();
        }}
      />
    </section>
  );
}

interface TopicFormProps {
  idPrefix: string;
  topic?: TopicSummary;
  submitText: string;
  send(input: { name: string; description: string }): Promise<unknown>;
  onCancel?(): void;
}

function TopicForm({ idPrefix, topic, submitText, send, onCancel }: TopicFormProps) {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm(
    { name: topic?.name ?? '', description: topic?.description ?? '' },
    topicInputSchema,
    send,
    t('console.topics.nameTaken'),
  );
  return (
    <form className="console-form" onSubmit={onSubmit} noValidate>
      <Problem text={problem} />
      <FormField id={`${idPrefix}-name`} label={t('console.topics.name')} autoComplete="off" value={form.name} onChange={set('name')} error={errors.name} />
      <TextAreaField id={`${idPrefix}-description`} rows={2} label={t('console.topics.description')} value={form.description} onChange={set('description')} error={errors.description} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={state === 'sending'}>
          {state === 'sending' ? t('console.saving') : submitText}
        </button>
        {onCancel && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('console.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
