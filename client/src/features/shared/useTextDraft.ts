import { useState, type FormEvent } from 'react';
import { useAppState } from '../../app/services.js';
import { describeActionError } from '../../realtime/requestError.js';
import { isResendable } from '../../session/retryPolicy.js';
import { useBusyAction } from './useBusyAction.js';

/**
 * How the last send of a draft stands, for the person to see: `retrying`
 * while the same request goes again by itself (the server's storage is not
 * answering, say), `failed` once those attempts ran out (the draft is kept,
 * and sending it again is a retry, not a second message).
 */
export type DraftDelivery = { state: 'idle' } | { state: 'retrying'; error: unknown } | { state: 'failed'; error: unknown };

/** What a submit is told while it sends. */
export interface DraftSending {
  /** An attempt failed in a way that passes; the same request is about to go again. */
  onRetrying(error: unknown): void;
}

const IDLE: DraftDelivery = { state: 'idle' };

/**
 * A text a person writes and submits (a chat message, an edit, a question):
 * blank text is not sent, a second submit while one is on its way is
 * ignored, and the draft is cleared only when `submit` says the server took
 * it, so nothing typed is lost on a weak link.
 *
 * `submit` resolves false for a refusal it has shown itself, or rejects: a
 * failure that passes on its own (see isResendable) leaves the draft
 * `failed`, to send again; any other becomes a notice.
 */
export function useTextDraft(initial: string, submit: (text: string, sending: DraftSending) => Promise<boolean>, { isBlocked = false } = {}) {
  const [draft, setDraft] = useState(initial);
  const [delivery, setDelivery] = useState<DraftDelivery>(IDLE);
  const [isBusy, run] = useBusyAction();
  const addNotice = useAppState((state) => state.addNotice);
  const send = () => {
    const text = draft.trim();
    if (!text || isBlocked || isBusy) return;
    setDelivery(IDLE);
    run(async () => {
      try {
        const isTaken = await submit(text, { onRetrying: (error) => setDelivery({ state: 'retrying', error }) });
        // Kept if the person went on writing meanwhile (retries can take a while).
        if (isTaken) setDraft((current) => (current.trim() === text ? '' : current));
        setDelivery(IDLE);
      } catch (error) {
        if (isResendable(error)) {
          setDelivery({ state: 'failed', error });
          return;
        }
        console.warn('[convene] sending failed', error);
        setDelivery(IDLE);
        addNotice(describeActionError(error));
      }
    });
  };
  const onFormSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  return { draft, setDraft, isBusy, send, onFormSubmit, delivery };
}
