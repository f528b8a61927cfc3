/** How recordings are described to people: dates, durations, languages, packaging. */
import type { RecordingPackaging, RecordingSummary } from '../../../../shared/recordings.js';
import { i18n } from '../../i18n/i18n.js';
import { describeError, RequestError } from '../../realtime/requestError.js';

/**
 * "1 h 05 min", "12 min", "45 s": short enough for a list, never "0 min".
 *
 * @example formatDuration(3_900_000) // '1 h 05 min'
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The day and time a session was recorded, in the person's own locale. */
export function formatRecordedAt(iso: string | null, locale?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A language's name in the person's own language ("French" for "fr"), or the code if the browser does not know it. */
export function languageName(code: string, locale?: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Where packaging stands, for organisers. */
export function describePackaging(packaging: RecordingPackaging): string {
  if (packaging.recordingState === 'failed') return 'The recording failed to start: there is nothing to package.';
  if (['starting', 'recording', 'stopping'].includes(packaging.recordingState)) return 'Still recording.';
  switch (packaging.state) {
    case 'waiting':
      return packaging.attempts > 0 ? 'Waiting to try packaging again.' : 'Waiting to be packaged.';
    case 'running':
      return `Packaging: ${Math.round(packaging.progress * 100)}%`;
    case 'done':
      return 'Packaged.';
    case 'skipped':
      return 'Nothing was recorded, so there is nothing to package.';
    case 'failed':
      return `Packaging failed after ${packaging.attempts} ${packaging.attempts === 1 ? 'attempt' : 'attempts'}${packaging.error ? `: ${packaging.error}` : '.'}`;
  }
}

/** Organisers' recordings still moving through packaging: the list refreshes itself while there are some. */
export function isPackaging(recording: RecordingSummary): boolean {
  const packaging = recording.packaging;
  if (!packaging) return false;
  return packaging.state === 'waiting' || packaging.state === 'running' || ['starting', 'recording', 'stopping'].includes(packaging.recordingState);
}

/** The sentence for a failed library request. */
export function describeLibraryError(error: unknown): string {
  if (error instanceof RequestError) {
    switch (error.code) {
      case 'UNAUTHENTICATED':
        return i18n.t('library.errors.unauthenticated');
      case 'FORBIDDEN':
        return i18n.t('library.errors.forbidden');
      case 'NOT_FOUND':
        return 'This recording does not exist, or is not ready yet.';
      case 'INVALID_PAYLOAD':
        return error.message ? `The server refused this: ${error.message}.` : describeError(error);
    }
  }
  return describeError(error);
}
