import { useId, useState } from 'react';
import { MAX_QUESTION_LENGTH } from '../../../../shared/conversation.js';
import { useAppState } from '../../app/services.js';
import { ActionIds } from '../../realtime/requestId.js';
import { requestWithRetries } from '../../session/sendWithRetries.js';
import { DraftDeliveryStatus } from '../shared/DraftDeliveryStatus.js';
import { useTextDraft } from '../shared/useTextDraft.js';

const TEXT = {
  label: 'Your question',
  anonymous: 'Ask anonymously',
  anonymousHint: 'The audience will not see your name; moderators still will.',
  ask: 'Ask',
  left: (count: number) => (count === 1 ? '1 character left' : `${count} characters left`),
  muted: 'A moderator turned off your chat, so you cannot ask questions for now.',
};

const SHOW_COUNT_BELOW = 100;

/** Asking the speakers a question, with one's name or without. */
export function AskQuestionForm() {
  const upsertQuestion = useAppState((state) => state.upsertQuestion);
  const isMuted = useAppState((state) => state.isChatMuted);
  const inputId = useId();
  const hintId = useId();
  const [isAnonymous, setAnonymous] = useState(false);
  const [askIds] = useState(() => new ActionIds());
  const { draft, setDraft, isBusy: isSending, send, onFormSubmit, delivery } = useTextDraft(
    '',
    async (body, sending) => {
      // Asked again after a failure, the same question keeps its requestId: it is not asked twice.
      const actionKey = JSON.stringify({ body, isAnonymous });
      // Sent again as it is (same requestId) while storage does not answer; a failure rejects, and the draft says why.
      const question = await requestWithRetries('question:ask', { body, isAnonymous, requestId: askIds.idFor(actionKey) }, sending);
      askIds.succeeded(actionKey);
      upsertQuestion(question);
      return true;
    },
    { isBlocked: isMuted },
  );
  const remaining = MAX_QUESTION_LENGTH - draft.length;

  return (
    <form className="ask-form" onSubmit={onFormSubmit}>
      <label htmlFor={inputId} className="composer__label">
        {TEXT.label}
      </label>
      <textarea
        id={inputId}
        className="composer__input"
        rows={2}
        maxLength={MAX_QUESTION_LENGTH}
        value={draft}
        disabled={isMuted}
        aria-describedby={hintId}
        onChange={(event) => setDraft(event.target.value)}
      />
      <p id={hintId} className="composer__hint">
        {isMuted ? TEXT.muted : remaining <= SHOW_COUNT_BELOW ? TEXT.left(remaining) : ''}
      </p>
      <div className="ask-form__footer">
        <label className="checkbox">
          <input type="checkbox" checked={isAnonymous} disabled={isMuted} onChange={(event) => setAnonymous(event.target.checked)} />
          <span>
            {TEXT.anonymous}
            <span className="checkbox__hint">{TEXT.anonymousHint}</span>
          </span>
        </label>
        <button type="submit" className="button button--primary button--small" disabled={isMuted} aria-disabled={isSending}>
          {TEXT.ask}
        </button>
      </div>
      <DraftDeliveryStatus delivery={delivery} onRetry={send} />
    </form>
  );
}
