import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { accountErrorText, fieldErrors } from './accountErrors.js';

type Fields = Record<string, string>;

/** Thrown by a form's send when the person said no to a confirmation: nothing happened, nothing to say. */
export class Cancelled extends Error {}

/**
 * An account form: its fields, checked with the server's own schema before
 * sending (each field says what is wrong), then sent; a refusal is said in
 * the person's words. `state` is "editing", "sending" or "done".
 */
export function useAccountForm<F extends Fields, P>(
  initial: F,
  schema: z.ZodType<P>,
  send: (parsed: P) => Promise<unknown>,
  during: Parameters<typeof accountErrorText>[2],
) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [state, setState] = useState<'editing' | 'sending' | 'done'>('editing');
  const set = (field: keyof F) => (value: string) => setForm((current) => ({ ...current, [field]: value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = schema.safeParse(form);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      setProblem(t('account.fixErrors'));
      return;
    }
    setErrors({});
    setProblem(null);
    setState('sending');
    send(parsed.data).then(
      () => setState('done'),
      (error: unknown) => {
        setState('editing');
        if (!(error instanceof Cancelled)) setProblem(accountErrorText(error, t, during));
      },
    );
  };
  return { form, set, errors, problem, state, onSubmit };
}
