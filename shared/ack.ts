import type { ErrorBody } from './errors.js';

/** What every client→server event answers through its acknowledgement callback. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export const ok = <T>(data: T): Ack<T> => ({ ok: true, data });
export const fail = (error: ErrorBody): Ack<never> => ({ ok: false, error });
