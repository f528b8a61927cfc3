import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CALL_QUESTIONS } from '../../../../shared/calls.js';
import { addQuestion, moveQuestion, type QuestionDraft } from './callForm.js';

interface CallQuestionsFieldProps {
  value: QuestionDraft[];
  onChange(questions: QuestionDraft[]): void;
  error?: string | undefined;
  /** People applied already: their answers follow the questions by position. */
  hasAnswers: boolean;
}

/**
 * A call's questions, in the order applicants read them: added, reworded,
 * moved and removed here. The keyboard stays with the question it was on:
 * a new question takes the focus, and a removed one hands it to its
 * neighbour (or to "Add a question").
 */
export function CallQuestionsField({ value, onChange, error, hasAnswers }: CallQuestionsFieldProps) {
  const { t } = useTranslation();
  // Which question's input takes the focus once it is drawn; null for the "add" button. Set by the buttons, read once drawn.
  const focusNext = useRef<number | null | undefined>(undefined);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusWhenDrawn = (key: number) => (input: HTMLInputElement | null) => {
    if (input && focusNext.current === key) {
      focusNext.current = undefined;
      input.focus();
    }
  };
  const remove = (index: number) => {
    const next = value.filter((_, at) => at !== index);
    const neighbour = next[index] ?? next[index - 1];
    focusNext.current = neighbour?.key ?? null;
    onChange(next);
    if (!neighbour) requestAnimationFrame(() => addButton.current?.focus());
  };
  const add = () => {
    const next = addQuestion(value);
    focusNext.current = next.at(-1)?.key;
    onChange(next);
  };
  const move = (index: number, by: -1 | 1) => {
    const other = index + by;
    if (other < 0 || other >= value.length) return;
    onChange(moveQuestion(value, index, by));
  };
  const hintId = 'call-questions-hint';
  return (
    <fieldset className="console-fieldset" aria-describedby={hintId}>
      <legend>{t('console.calls.form.questions')}</legend>
      <p id={hintId} className="field__hint">
        {t('console.calls.form.questionsHint')}
      </p>
      {hasAnswers && <p className="notice notice--warning">{t('console.calls.form.questionsAnswered')}</p>}
      {value.length === 0 ? (
        <p className="muted">{t('console.calls.form.noQuestions')}</p>
      ) : (
        <ol className="call-questions">
          {value.map((question, index) => {
            const number = index + 1;
            const id = `call-question-${question.key}`;
            const isFirst = index === 0;
            const isLast = index === value.length - 1;
            return (
              <li key={question.key} className="call-questions__item">
                <div className="field">
                  <label htmlFor={id}>{t('console.calls.form.question', { number })}</label>
                  <input
                    id={id}
                    ref={focusWhenDrawn(question.key)}
                    type="text"
                    autoComplete="off"
                    maxLength={500}
                    value={question.text}
                    onChange={(event) => onChange(value.map((entry, at) => (at === index ? { ...entry, text: event.target.value } : entry)))}
                  />
                </div>
                <span className="console-badges">
                  {/* aria-disabled, not disabled: a button that moves its question to the top keeps the keyboard's focus. */}
                  <button type="button" className="button button--secondary button--small" aria-disabled={isFirst || undefined} onClick={() => move(index, -1)}>
                    <span aria-hidden="true">↑</span>
                    <span className="visually-hidden">{t('console.calls.form.moveUp', { number })}</span>
                  </button>
                  <button type="button" className="button button--secondary button--small" aria-disabled={isLast || undefined} onClick={() => move(index, 1)}>
                    <span aria-hidden="true">↓</span>
                    <span className="visually-hidden">{t('console.calls.form.moveDown', { number })}</span>
                  </button>
                  <button type="button" className="button button--secondary button--small" onClick={() => remove(index)}>
                    <span aria-hidden="true">{t('console.picker.remove')}</span>
                    <span className="visually-hidden">{t('console.calls.form.remove', { number })}</span>
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {value.length < MAX_CALL_QUESTIONS ? (
        <button ref={addButton} type="button" className="button button--secondary button--small" onClick={add}>
          {t('console.calls.form.addQuestion')}
        </button>
      ) : (
        <p className="muted">{t('console.calls.form.mostQuestions', { max: MAX_CALL_QUESTIONS })}</p>
      )}
    </fieldset>
  );
}
