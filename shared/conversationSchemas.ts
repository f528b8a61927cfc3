/** Validation of what people write: the pieces the conversation events are built from. */
import { z } from 'zod';
import { MAX_MESSAGE_LENGTH, MAX_QUESTION_LENGTH, POLL_LIMITS } from './conversation.js';

/**
 * Text someone writes: trimmed, not empty, bounded, and free of control
 * characters other than line breaks and tabs (which could hide or reorder
 * text). It stays plain text: clients render it as text, never as markup.
 */
export const writtenText = (max: number) =>
  z
    .string()
    .max(max * 2, `at most ${max} characters`)
    .transform((value) => value.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, 'write something')
        .max(max, `at most ${max} characters`)
        // Any control character (Unicode category Cc) other than a line break or a tab.
        .refine((value) => !/[^\P{Cc}\n\t]/u.test(value), 'no control characters'),
    );

export const chatBodySchema = writtenText(MAX_MESSAGE_LENGTH);
export const questionBodySchema = writtenText(MAX_QUESTION_LENGTH);
export const pollQuestionSchema = writtenText(POLL_LIMITS.questionLength);
export const pollOptionSchema = writtenText(POLL_LIMITS.optionLength);

/**
 * The id a client gives one action of a person (a message sent, a vote, a
 * join), so that the action sent again (a retry after a timeout, or the
 * person pressing send again) is recognised and done once. 8 to 64 letters,
 * digits, `_` or `-`: a UUID fits, and it is safe in a Redis key.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const requestIdSchema = z.string().regex(REQUEST_ID_PATTERN, 'expected 8–64 letters, digits, _ or -');

/** A page request: entries older than `before` (a seq), at most `limit`. */
export const pageRequestSchema = {
  before: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(100).optional(),
};
