/** RTP parameters as a browser sends them, for tests that produce without a browser (no packets flow). */
export const VP8_CAMERA = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
  encodings: [{ ssrc: 22222222 }],
  rtcp: { cname: 'test' },
};

export const OPUS_MICROPHONE = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: 11111111 }],
  rtcp: { cname: 'test' },
};
