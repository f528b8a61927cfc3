import { z } from 'zod';
import { applicationInputSchema, type ApplicationInput, type MyApplication } from '../../../../shared/calls.js';

/** The application form's fields as it holds them: `summary`, and `answer0`, `answer1`… one per question, in the call's order. */
export type ApplicationFields = Record<string, string>;

export const answerField = (index: number): string => `answer${index}`;

/** The form's fields, from one's application when there is one (an answer it lacks starts empty). */
export function applicationFields(questions: readonly string[], application: Pick<MyApplication, 'summary' | 'answers'> | null): ApplicationFields {
  const fields: ApplicationFields = { summary: application?.summary ?? '' };
  questions.forEach((_question, index) => {
    fields[answerField(index)] = application?.answers[index] ?? '';
  });
  return fields;
}

/**
 * The form read as the server reads an application, with the server's own
 * rules for each part. Each answer is checked as its own field, so a
 * problem is said at the question it belongs to (the shared schema would
 * name them all `answers`).
 */
export function applicationFormSchema(questionCount: number): z.ZodType<ApplicationInput> {
  const answer = applicationInputSchema.shape.answers.unwrap().element;
  const indexes = Array.from({ length: questionCount }, (_unused, index) => index);
  const fields = z.object({
    summary: applicationInputSchema.shape.summary,
    ...Object.fromEntries(indexes.map((index) => [answerField(index), answer])),
  });
  return fields.transform((parsed) => {
    const read = parsed as Record<string, string>;
    return { summary: read.summary!, answers: indexes.map((index) => read[answerField(index)] ?? '') };
  });
}
