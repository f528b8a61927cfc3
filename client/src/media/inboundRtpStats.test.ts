import { describe, expect, it } from 'vitest';
import { summarizeInboundRtp, type TrackOrigin } from './inboundRtpStats.js';

const video = {
  id: 'IT01V1',
  type: 'inbound-rtp',
  kind: 'video',
  mid: '0',
  trackIdentifier: 'track-video',
  packetsReceived: 120,
  bytesReceived: 90_000,
  framesDecoded: 48,
  frameWidth: 640,
};
const audio = {
  id: 'IT01A1',
  type: 'inbound-rtp',
  kind: 'audio',
  mid: '1',
  trackIdentifier: 'track-audio',
  packetsReceived: 200,
  bytesReceived: 12_000,
};
const probe = { id: 'IT01V2', type: 'inbound-rtp', kind: 'video', mid: 'probator', packetsReceived: 3, bytesReceived: 900 };
const transport = { id: 'T01', type: 'transport', bytesReceived: 1 };

describe('summarizeInboundRtp', () => {
  it('lists received tracks with their peer and source, skipping the bandwidth probe and other stats', () => {
    const byTrack = new Map<string, TrackOrigin>([['track-video', { peerId: 'peer-a', source: 'screen' }]]);
    const byMid = new Map<string, TrackOrigin>([['1', { peerId: 'peer-a', source: 'microphone' }]]);
    const summaries = summarizeInboundRtp([transport, video, probe, audio], ({ trackId, mid }) =>
      (trackId ? byTrack.get(trackId) : undefined) ?? (mid ? byMid.get(mid) : undefined),
    );
    expect(summaries).toEqual([
      {
        kind: 'video',
        mid: '0',
        peerId: 'peer-a',
        source: 'screen',
        packetsReceived: 120,
        bytesReceived: 90_000,
        framesDecoded: 48,
        frameWidth: 640,
      },
      { kind: 'audio', mid: '1', peerId: 'peer-a', source: 'microphone', packetsReceived: 200, bytesReceived: 12_000 },
    ]);
  });

  it('reports a video that has not decoded yet as zero frames, without a width', () => {
    const [summary] = summarizeInboundRtp([{ type: 'inbound-rtp', kind: 'video', packetsReceived: 2 }], () => undefined);
    expect(summary).toEqual({ kind: 'video', packetsReceived: 2, bytesReceived: 0, framesDecoded: 0 });
  });
});
