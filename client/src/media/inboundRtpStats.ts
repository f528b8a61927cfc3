/**
 * Turns a receiving transport's `getStats()` into a short list per received
 * track: what tests assert on, and what a connection-quality indicator reads.
 */

export interface InboundRtpSummary {
  peerId?: string;
  kind: 'audio' | 'video';
  mid?: string;
  packetsReceived: number;
  bytesReceived: number;
  framesDecoded?: number;
  frameWidth?: number;
}

/** Which peer a received track belongs to, by track id (`trackIdentifier`) or by MID. */
export type PeerLookup = (ids: { trackId: string | undefined; mid: string | undefined }) => string | undefined;

/** mediasoup's bandwidth probe appears as an extra inbound stream that never carries media. */
const PROBE_MID = 'probator';

export function summarizeInboundRtp(stats: Iterable<unknown>, peerIdFor: PeerLookup): InboundRtpSummary[] {
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
    const peerId = peerIdFor({ trackId: stringField(entry, 'trackIdentifier'), mid });
    if (peerId !== undefined) summary.peerId = peerId;
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
