/**
 * Request schemas of the catch-up library's HTTP API (shared/recordings.ts
 * holds the response types). zod: the server imports this, the client does not.
 */
import { z } from 'zod';
import { MEDIA_KINDS, RECORDING_ACCESS } from './recordings.js';

/** Recording ids are UUIDs the database minted: anything else is refused before a query. */
export const recordingIdSchema = z.uuid();

export const mediaKindSchema = z.enum(MEDIA_KINDS);

/** Free text for searches and filters: bounded, no control characters. */
const searchText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'no control characters')
    .optional()
    .transform((value) => (value === '' ? undefined : value));

/** A calendar day (`2026-11-25`), taken in UTC. */
const day = z.iso.date().optional().or(z.literal('').transform(() => undefined));

/** `GET /api/recordings`: every field optional; `to` includes the whole day. */
export const recordingListQuerySchema = z
  .object({
    q: searchText(200),
    speaker: searchText(60),
    track: searchText(100),
    language: searchText(35),
    from: day,
    to: day,
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    message: 'expected "to" on or after "from"',
  });
export type RecordingListQuery = z.infer<typeof recordingListQuerySchema>;

/** `PATCH /api/recordings/:id`. */
export const updateRecordingRequestSchema = z.strictObject({
  access: z.enum(RECORDING_ACCESS),
});

/** `GET /api/recordings/:id/media/:kind?token=…&download=1`. */
export const mediaQuerySchema = z.object({
  token: z.string().min(1).max(2048).optional(),
  download: z.enum(['1', 'true']).optional(),
});
