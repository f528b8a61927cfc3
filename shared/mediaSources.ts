/**
 * What a peer can send: a camera, a microphone, a screen share and the
 * screen's own audio. Kept apart from events.ts so the client can use the
 * list without bundling zod.
 */
export const MEDIA_SOURCES = ['camera', 'microphone', 'screen', 'screen-audio'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

export const isMediaSource = (value: unknown): value is MediaSource =>
  (MEDIA_SOURCES as readonly unknown[]).includes(value);
