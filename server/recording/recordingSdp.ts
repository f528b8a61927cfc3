/** One RTP stream ffmpeg should receive: where it arrives and how it is encoded. */
export interface RecordingSdpStream {
  kind: 'audio' | 'video';
  /** Local UDP port ffmpeg binds for RTP; RTCP is expected on `port + 1` (RFC 3550's default). */
  port: number;
  payloadType: number;
  /** As mediasoup names it, e.g. `video/VP8`, `audio/opus`. */
  mimeType: string;
  clockRate: number;
  channels?: number;
  /** Codec parameters (`a=fmtp`), e.g. H264's `packetization-mode`. */
  parameters?: Record<string, unknown>;
}

/**
 * The SDP that tells ffmpeg which plain RTP streams to expect on which
 * loopback ports. ffmpeg's SDP demuxer binds each `m=` line's port (and the
 * next one for RTCP), so every stream needs its own port pair: it does not
 * demultiplex streams by SSRC.
 *
 * @example
 * createRecordingSdp({ ip: '127.0.0.1', streams: [
 *   { kind: 'video', port: 40000, payloadType: 101, mimeType: 'video/VP8', clockRate: 90000 },
 * ] });
 */
export function createRecordingSdp(options: { ip: string; streams: RecordingSdpStream[]; name?: string }): string {
  const { ip, streams } = options;
  if (streams.length === 0) throw new Error('a recording SDP needs at least one stream');
  const addressType = ip.includes(':') ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=- 0 0 IN ${addressType} ${ip}`,
    `s=${options.name ?? 'Convene recording'}`,
    `c=IN ${addressType} ${ip}`,
    't=0 0',
  ];
  for (const stream of streams) lines.push(...mediaSection(stream));
  // SDP lines end with CRLF (RFC 8866 §5).
  return `${lines.join('\r\n')}\r\n`;
}

function mediaSection(stream: RecordingSdpStream): string[] {
  const [kind, encodingName] = stream.mimeType.split('/');
  if (kind !== stream.kind || !encodingName) {
    throw new Error(`mime type ${stream.mimeType} does not fit a ${stream.kind} stream`);
  }
  const encoding = [encodingName, stream.clockRate, ...(stream.channels && stream.channels > 1 ? [stream.channels] : [])];
  const lines = [`m=${stream.kind} ${stream.port} RTP/AVP ${stream.payloadType}`, `a=rtpmap:${stream.payloadType} ${encoding.join('/')}`];
  const fmtp = Object.entries(stream.parameters ?? {})
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(';');
  if (fmtp) lines.push(`a=fmtp:${stream.payloadType} ${fmtp}`);
  lines.push('a=recvonly');
  return lines;
}
