import { z } from 'zod';
import { callInputSchema, MAX_CALL_QUESTIONS, PARTNER_CALL_KINDS, type CallInput, type ConsoleCall } from '../../../../shared/calls.js';

/** A call's form as typed: strings, '' for "none" (the session) or "not yet" (the deadline). */
export type CallFields = Record<'kind' | 'title' | 'description' | 'sessionId' | 'closesAt' | 'timeZone' | 'status', string>;

export function callFields(eventTimeZone: string, call?: ConsoleCall): CallFields {
  return {
    kind: call?.kind ?? 'ignite-speaker',
    title: call?.title ?? '',
    description: call?.description ?? '',
    sessionId: call?.session?.id ?? '',
    closesAt: call?.closesAtLocal ?? '',
    timeZone: call?.timeZone ?? eventTimeZone,
    status: call?.status ?? 'draft',
  };
}

/** A partner's call makes its own draft session on acceptance: it is for no existing session. */
export const isPartnerCall = (kind: string): boolean => PARTNER_CALL_KINDS.some((known) => known === kind);

/** A question as it is written: its key keeps its input (and the keyboard's place) through moves and removals. */
export interface QuestionDraft {
  key: number;
  text: string;
}

export const questionDrafts = (questions: readonly string[]): QuestionDraft[] => questions.map((text, key) => ({ key, text }));

/** One more empty question at the end, under a key no other question holds; none past the server's limit. */
export function addQuestion(questions: readonly QuestionDraft[]): QuestionDraft[] {
  if (questions.length >= MAX_CALL_QUESTIONS) return [...questions];
  const key = questions.reduce((highest, question) => Math.max(highest, question.key), -1) + 1;
  return [...questions, { key, text: '' }];
}

/** The question at `index` swapped with its neighbour before (-1) or after (1); unchanged at either end. */
export function moveQuestion(questions: readonly QuestionDraft[], index: number, by: -1 | 1): QuestionDraft[] {
  const next = [...questions];
  const other = index + by;
  if (index < 0 || other < 0 || other >= next.length) return next;
  [next[index], next[other]] = [next[other]!, next[index]!];
  return next;
}

/**
 * The form's strings and questions read as the server reads a call: an
 * empty question (added, then left) is left out rather than refused, and
 * a partner's call names no session.
 */
export function callFormSchema(questions: readonly QuestionDraft[]) {
  return z.preprocess((fields) => {
    const form = fields as CallFields;
    return {
      ...form,
      sessionId: form.sessionId === '' || isPartnerCall(form.kind) ? null : form.sessionId,
      questions: questions.map((question) => question.text.trim()).filter(Boolean),
    };
  }, callInputSchema);
}

/** A call as it stands, with part of it changed: to close a call from the list without opening its form. */
export function callInputOf(call: ConsoleCall, change: Partial<CallInput>): CallInput {
  return {
    kind: call.kind,
    title: call.title,
    description: call.description,
    sessionId: call.session?.id ?? null,
    questions: call.questions,
    closesAt: call.closesAtLocal,
    timeZone: call.timeZone,
    status: call.status,
    ...change,
  };
}
