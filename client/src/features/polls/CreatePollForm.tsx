import { useId, useState } from 'react';
import { POLL_LIMITS, type PollKind } from '../../../../shared/conversation.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = {
  heading: 'New poll',
  question: 'Poll question',
  kind: 'Answers allowed',
  single: 'One answer',
  multiple: 'Several answers',
  option: (n: number) => `Option ${n}`,
  removeOption: (n: number) => `Remove option ${n}`,
  remove: 'Remove',
  addOption: 'Add option',
  create: 'Create poll',
  cancel: 'Cancel',
  note: 'The poll starts as a draft only moderators see; open it when the room is ready.',
  needQuestion: 'Write the question.',
  needOptions: `Give at least ${POLL_LIMITS.minOptions} options.`,
};

/** Moderators draft a poll: a question, one or several answers allowed, 2 to 10 options. */
export function CreatePollForm({ onDone }: { onDone(): void }) {
  const session = useRoomSession();
  const upsertPoll = useAppState((state) => state.upsertPoll);
  const questionId = useId();
  const errorId = useId();
  const [question, setQuestion] = useState('');
  const [kind, setKind] = useState<PollKind>('single');
  const [options, setOptions] = useState(['', '']);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, run] = useBusyAction();

  const create = () => {
    if (isSaving) return;
    const text = question.trim();
    const filled = options.map((option) => option.trim()).filter(Boolean);
    if (!text) return setError(TEXT.needQuestion);
    if (filled.length < POLL_LIMITS.minOptions) return setError(TEXT.needOptions);
    setError(null);
    run(async () => {
      const poll = await session.perform('poll:create', { question: text, kind, options: filled });
      if (!poll) return;
      upsertPoll(poll);
      onDone();
    });
  };

  return (
    <form
      className="poll-form"
      aria-labelledby={`${questionId}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        create();
      }}
    >
      <h4 id={`${questionId}-heading`} className="panel-heading">
        {TEXT.heading}
      </h4>
      <p className="muted">{TEXT.note}</p>
      <div className="field">
        <label htmlFor={questionId}>{TEXT.question}</label>
        <input
          id={questionId}
          value={question}
          maxLength={POLL_LIMITS.questionLength}
          autoFocus
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => setQuestion(event.target.value)}
        />
      </div>
      <fieldset className="poll-form__kind">
        <legend>{TEXT.kind}</legend>
        {(['single', 'multiple'] as const).map((value) => (
          <label key={value} className="poll__choice">
            <input type="radio" name={`${questionId}-kind`} checked={kind === value} onChange={() => setKind(value)} />
            <span>{value === 'single' ? TEXT.single : TEXT.multiple}</span>
          </label>
        ))}
      </fieldset>
      <ol className="poll-form__options">
        {options.map((option, index) => (
          <li key={index} className="poll-form__option">
            <label className="visually-hidden" htmlFor={`${questionId}-option-${index}`}>
              {TEXT.option(index + 1)}
            </label>
            <input
              id={`${questionId}-option-${index}`}
              value={option}
              placeholder={TEXT.option(index + 1)}
              maxLength={POLL_LIMITS.optionLength}
              onChange={(event) => setOptions((current) => current.map((o, i) => (i === index ? event.target.value : o)))}
            />
            {options.length > POLL_LIMITS.minOptions && (
              <button
                type="button"
                className="action"
                aria-label={TEXT.removeOption(index + 1)}
                onClick={() => setOptions((current) => current.filter((_, i) => i !== index))}
              >
                {TEXT.remove}
              </button>
            )}
          </li>
        ))}
      </ol>
      {options.length < POLL_LIMITS.maxOptions && (
        <button type="button" className="action" onClick={() => setOptions((current) => [...current, ''])}>
          {TEXT.addOption}
        </button>
      )}
      {error && (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary button--small" aria-disabled={isSaving}>
          {TEXT.create}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onDone}>
          {TEXT.cancel}
        </button>
      </div>
    </form>
  );
}
