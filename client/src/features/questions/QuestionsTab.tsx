import { useId, useMemo, useState } from 'react';
import { useAppState } from '../../app/services.js';
import { AskQuestionForm } from './AskQuestionForm.js';
import { QuestionItem } from './QuestionItem.js';
import { orderQuestions, type QuestionOrder } from './questionOrder.js';

const TEXT = {
  sort: 'Sort by',
  top: 'Top',
  newest: 'Newest',
  list: 'Questions',
  empty: 'No questions yet. Ask the first one!',
};

/** Q&A: ask, upvote what others asked; moderators steer the questions. */
export function QuestionsTab() {
  const questions = useAppState((state) => state.questions);
  const [order, setOrder] = useState<QuestionOrder>('top');
  const sortId = useId();
  const headingId = useId();
  const ordered = useMemo(() => orderQuestions(questions, order), [questions, order]);
  return (
    <div className="questions">
      <AskQuestionForm />
      <div className="questions__header">
        <h3 id={headingId} className="panel-heading">
          {TEXT.list} <span className="count">({questions.length})</span>
        </h3>
        <div className="field field--inline">
          <label htmlFor={sortId}>{TEXT.sort}</label>
          <select id={sortId} value={order} onChange={(event) => setOrder(event.target.value as QuestionOrder)}>
            <option value="top">{TEXT.top}</option>
            <option value="newest">{TEXT.newest}</option>
          </select>
        </div>
      </div>
      {ordered.length === 0 ? (
        <p className="panel-empty">{TEXT.empty}</p>
      ) : (
        <ol className="questions__list" aria-labelledby={headingId}>
          {ordered.map((question) => (
            <QuestionItem key={question.questionId} question={question} />
          ))}
        </ol>
      )}
    </div>
  );
}
