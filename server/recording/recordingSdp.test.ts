import { describe, expect, it } from 'vitest';
import { createRecordingSdp } from './recordingSdp.js';

describe('createRecordingSdp', () => {
  it('describes each stream on its own port with its payload type and codec', () => {
    const sdp = createRecordingSdp({
      ip: '127.0.0.1',
      streams: [
        { kind: 'video', port: 40000, payloadType: 101, mimeType: 'video/VP8', clockRate: 90000 },
        {
          kind: 'audio',
          port: 40002,
          payloadType: 100,
          mimeType: 'audio/opus',
          clockRate: 48000,
          channels: 2,
          parameters: { minptime: 10, useinbandfec: 1 },
        },
      ],
    });
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=Convene recording',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=video 40000 RTP/AVP 101',
      'a=rtpmap:101 VP8/90000',
      'a=recvonly',
      'm=audio 40002 RTP/AVP 100',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 minptime=10;useinbandfec=1',
      'a=recvonly',
      '',
    ]);
  });

  it('keeps H264 parameters ffmpeg needs to depacketise', () => {
    const sdp = createRecordingSdp({
      ip: '127.0.0.1',
      streams: [
        {
          kind: 'video',
          port: 41000,
          payloadType: 125,
          mimeType: 'video/H264',
          clockRate: 90000,
          parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' },
        },
      ],
    });
    expect(sdp).toContain('a=rtpmap:125 H264/90000\r\n');
    expect(sdp).toContain('a=fmtp:125 packetization-mode=1;profile-level-id=42e01f\r\n');
  });

  it('uses IP6 addresses when the address is IPv6', () => {
    const sdp = createRecordingSdp({
      ip: '::1',
      streams: [{ kind: 'audio', port: 40002, payloadType: 100, mimeType: 'audio/opus', clockRate: 48000, channels: 2 }],
    });
    expect(sdp).toContain('c=IN IP6 ::1\r\n');
  });

  it('refuses an empty stream list and a codec of the wrong kind', () => {
    expect(() => createRecordingSdp({ ip: '127.0.0.1', streams: [] })).toThrow(/at least one stream/);
    expect(() =>
      createRecordingSdp({
        ip: '127.0.0.1',
        streams: [{ kind: 'audio', port: 40000, payloadType: 101, mimeType: 'video/VP8', clockRate: 90000 }],
      }),
    ).toThrow(/does not fit/);
  });
});
