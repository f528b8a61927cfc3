import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';

type Fields = Record<string, string>;

/** Thrown by a form's send when the person said no to a confirmation: nothing happened, nothing to say. */
export class Cancelled extends Error {}

type Issue = Pick<z.core.$ZodIssue, 'path' | 'message'> & { minimum?: unknown; maximum?: unknown };

/**
 * What a shared schema's issue says, in the person's language: its message
 * is a key (`invalid.*`), read with the issue's bounds; anything else (a
 * library's own English message) is said as "check this value".
 */
export function issueText(issue: Issue, t: TFunction): string {
  const key = issue.message as 'invalid.other';
  if (!key.startsWith('invalid.') || !t(key, { defaultValue: '' })) return t('invalid.other');
  return t(key, { min: Number(issue.minimum), max: Number(issue.maximum) });
}

/** A form's field problems from a shared schema's issues, by field name (the first problem of each). */
export function fieldErrors(issues: readonly Issue[], t: TFunction): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issueText(issue, t);
  }
  return errors;
}

/**
 * A form over one of the shared schemas: its fields as typed (strings;
 * the schema reads them into what the server takes), checked before
 * sending with the server's own rules (each field says what is wrong),
 * then sent; a refusal is said in the person's words (`describeFailure`).
 * `state` is "editing", "sending" or "done".
 */
export function useSchemaForm<F extends Fields, P>(
  initial: F,
  schema: z.ZodType<P>,
  send: (parsed: P) => Promise<unknown>,
  describeFailure: (error: unknown) => string,
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
      setErrors(fieldErrors(parsed.error.issues, t));
      setProblem(t('form.fixErrors'));
      return;
    }
    setErrors({});
    setProblem(null);
    setState('sending');
    send(parsed.data).then(
      () => setState('done'),
      (error: unknown) => {
        setState('editing');
        if (!(error instanceof Cancelled)) setProblem(describeFailure(error));
      },
    );
  };
  return { form, setForm, set, errors, problem, state, setState, onSubmit };
}
