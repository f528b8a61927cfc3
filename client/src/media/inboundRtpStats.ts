/**
 * Turns a receiving transport's `getStats()` into a short list per received
 * track: what tests assert on, and what a connection-quality indicator reads.
 */
import type { MediaSource } from '../../../shared/events.js';

export interface InboundRtpSummary {
  peerId?: string;
  /** Which of the peer's tracks: camera, microphone, screen or screen-audio. */
  source?: MediaSource;
  kind: 'audio' | 'video';
  mid?: string;
  packetsReceived: number;
  bytesReceived: number;
  framesDecoded?: number;
  frameWidth?: number;
}

/** Whose track a received stream is. */
export interface TrackOrigin {
  peerId: string;
  source: MediaSource;
}

/** Finds a received track's origin by track id (`trackIdentifier`) or by MID. */
export type OriginLookup = (ids: { trackId: string | undefined; mid: string | undefined }) => TrackOrigin | undefined;

/** mediasoup's bandwidth probe appears as an extra inbound stream that never carries media. */
const PROBE_MID = 'probator';

export function summarizeInboundRtp(stats: Iterable<unknown>, originOf: OriginLookup): InboundRtpSummary[] {
  const summaries: InboundRtpSummary[] = [];
  for (const entry of stats) {
    if (!isRecord(entry) || entry.type !== 'inbound-rtp') continue;
    const kind = entry.kind;
    if (kind !== 'audio' && kind !== 'video') continue;
    const mid = stringField(entry, 'mid');
    if (mid === PROBE_MID) continue;
    const summary: InboundRtpSummary = {
      kind,
      packetsReceived: numberField(entry, 'packetsReceived') ?? 0,
      bytesReceived: numberField(entry, 'bytesReceived') ?? 0,
    };
    const origin = originOf({ trackId: stringField(entry, 'trackIdentifier'), mid });
    if (origin !== undefined) {
      summary.peerId = origin.peerId;
      summary.source = origin.source;
    }
    if (mid !== undefined) summary.mid = mid;
    if (kind === 'video') {
      summary.framesDecoded = numberField(entry, 'framesDecoded') ?? 0;
      const frameWidth = numberField(entry, 'frameWidth');
      if (frameWidth !== undefined) summary.frameWidth = frameWidth;
    }
    summaries.push(summary);
  }
  return summaries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringField(entry: Record<string, unknown>, key: string): string | undefined {
  const value = entry[key];
  return typeof value === 'string' ? value : undefined;
}

function numberField(entry: Record<string, unknown>, key: string): number | undefined {
  const value = entry[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
