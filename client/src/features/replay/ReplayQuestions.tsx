import { formatClock } from '../../../../shared/recordings.js';
import type { TimelineEntry } from '../../../../shared/timeline.js';
import { RoleBadge } from '../stage/RoleBadge.js';
import { questionsUntil } from './replayMoments.js';

interface ReplayQuestionsProps {
  timeline: TimelineEntry[];
  timeMs: number;
}

/** Questions for the speakers as they were asked, marked once answered. */
export function ReplayQuestions({ timeline, timeMs }: ReplayQuestionsProps) {
  const questions = questionsUntil(timeline, timeMs);
  return (
    <section className="replay__panel">
      <h2 id="replay-questions">Questions</h2>
      {/* Focusable, so the questions can be scrolled by keyboard. */}
      <div className="replay__scroll" tabIndex={0} role="region" aria-labelledby="replay-questions">
        {questions.length === 0 ? (
          <p className="muted">No questions yet at this point.</p>
        ) : (
          <ol className="replay__messages" aria-label="Questions as they were asked">
            {questions.map((question) => (
              <li key={question.questionId} className="replay__message" data-question-id={question.questionId}>
                <span className="replay__time">{formatClock(question.at)}</span> <strong><bdi>{question.author ?? 'Anonymous'}</bdi></strong>
                {question.authorBadge && <> <RoleBadge role={question.authorBadge} /></>}:{' '}
                {question.body} {question.isAnswered && <span className="badge badge--ok">Answered</span>}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
