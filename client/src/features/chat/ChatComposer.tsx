import { useId, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH } from '../../../../shared/conversation.js';
import { DraftDeliveryStatus } from '../shared/DraftDeliveryStatus.js';
import { useTextDraft, type DraftSending } from '../shared/useTextDraft.js';
import { isSendKey } from './sendKey.js';

const TEXT = {
  label: 'Message',
  send: 'Send',
  left: (count: number) => (count === 1 ? '1 character left' : `${count} characters left`),
  keys: 'Enter sends, Shift+Enter starts a new line.',
};

/** The count appears once it matters: near the limit. */
const SHOW_COUNT_BELOW = 200;

interface ChatComposerProps {
  /** Who will read it ("Everyone in the room sees your messages."). */
  audienceHint: string;
  /** Why the person cannot write here now; null when they can. */
  disabledReason: string | null;
  /**
   * Sends; resolves true once the server took the message (the draft is then
   * cleared). A failure that passes (storage not answering) rejects after the
   * retries `sending` is told of; the draft is kept, with a button to send again.
   */
  onSend(body: string, sending: DraftSending): Promise<boolean>;
}

/** The box to write a chat message: Enter sends, Shift+Enter adds a line. */
export function ChatComposer({ audienceHint, disabledReason, onSend }: ChatComposerProps) {
  const inputId = useId();
  const hintId = useId();
  const countId = useId();
  const isDisabled = disabledReason !== null;
  const { draft, setDraft, isBusy: isSending, send, onFormSubmit, delivery } = useTextDraft('', onSend, { isBlocked: isDisabled });
  const remaining = MAX_MESSAGE_LENGTH - draft.length;

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!isSendKey(event)) return;
    event.preventDefault();
    send();
  };

  return (
    <form className="composer" onSubmit={onFormSubmit}>
      <label htmlFor={inputId} className="composer__label">
        {TEXT.label}
      </label>
      <textarea
        id={inputId}
        className="composer__input"
        rows={2}
        maxLength={MAX_MESSAGE_LENGTH}
        value={draft}
        disabled={isDisabled}
        aria-describedby={`${hintId} ${countId}`}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer__footer">
        <p id={hintId} className="composer__hint">
          {disabledReason ?? `${audienceHint} ${TEXT.keys}`}
        </p>
        <span id={countId} className={remaining <= 20 ? 'composer__count composer__count--low' : 'composer__count'}>
          {remaining <= SHOW_COUNT_BELOW ? TEXT.left(remaining) : ''}
        </span>
        <button type="submit" className="button button--primary button--small" disabled={isDisabled} aria-disabled={isSending}>
          {TEXT.send}
        </button>
      </div>
      <DraftDeliveryStatus delivery={delivery} onRetry={send} />
    </form>
  );
}
