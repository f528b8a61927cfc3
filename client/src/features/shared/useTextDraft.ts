import { useState, type FormEvent } from 'react';
import { useBusyAction } from './useBusyAction.js';

/**
 * A text a person writes and submits (a chat message, an edit, a question):
 * blank text is not sent, a second submit while one is on its way is
 * ignored, and the draft is cleared only when `submit` says the server took
 * it, so nothing typed is lost on a weak link.
 */
export function useTextDraft(initial: string, submit: (text: string) => Promise<boolean>, { isBlocked = false } = {}) {
  const [draft, setDraft] = useState(initial);
  const [isBusy, run] = useBusyAction();
  const send = () => {
    const text = draft.trim();
    if (!text || isBlocked || isBusy) return;
    run(async () => {
      if (await submit(text)) setDraft('');
    });
  };
  const onFormSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  return { draft, setDraft, isBusy, send, onFormSubmit };
}
