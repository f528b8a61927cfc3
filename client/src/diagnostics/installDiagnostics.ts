import type { InboundRtpSummary } from '../media/inboundRtpStats.js';

/**
 * What the page exposes as `window.__convene`: end-to-end tests read it to
 * assert that media really flows, and a connection-quality indicator can
 * read the same numbers.
 */
export interface ConveneDiagnostics {
  /** One entry per received track (mediasoup's probe excluded). */
  getInboundRtpStats(): Promise<InboundRtpSummary[]>;
}

declare global {
  interface Window {
    __convene?: ConveneDiagnostics;
  }
}

export function installDiagnostics(
  target: Window,
  source: { getInboundRtpStats(): Promise<InboundRtpSummary[]> },
): void {
  target.__convene = {
    getInboundRtpStats: () => source.getInboundRtpStats(),
  };
}
