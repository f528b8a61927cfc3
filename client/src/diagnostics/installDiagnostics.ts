import type { InboundRtpSummary } from '../media/inboundRtpStats.js';
import type { RecoveryTrigger } from '../media/transportRecovery.js';

/**
 * What the page exposes as `window.__convene`: end-to-end tests read it to
 * assert that media really flows, and a connection-quality indicator can
 * read the same numbers.
 */
export interface ConveneDiagnostics {
  /** One entry per received track (mediasoup's probe excluded). */
  getInboundRtpStats(): Promise<InboundRtpSummary[]>;
  /** Attempts to reconnect media in this stay in the room, by what started them ("Try again" or the backoff). */
  getMediaRecoveryAttempts(): Record<RecoveryTrigger, number>;
}

declare global {
  interface Window {
    __convene?: ConveneDiagnostics;
  }
}

export function installDiagnostics(target: Window, source: ConveneDiagnostics): void {
  target.__convene = {
    getInboundRtpStats: () => source.getInboundRtpStats(),
    getMediaRecoveryAttempts: () => source.getMediaRecoveryAttempts(),
  };
}
