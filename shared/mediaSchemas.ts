import { z } from 'zod';

/**
 * Schemas for the mediasoup structures that travel from browser to server.
 * They bound every string, number and array so a hostile client cannot make
 * the worker parse megabytes. Nested objects stay loose (`looseObject`):
 * browsers and mediasoup-client add fields over time that the worker accepts.
 */
const shortString = z.string().max(256);
const smallInt = z.number().int().min(0).max(2 ** 32);

const codecParameters = z.record(z.string().max(64), z.union([shortString, z.number()]));

const rtcpFeedback = z.looseObject({
  type: z.string().min(1).max(64),
  parameter: z.string().max(64).optional(),
});

export const mediaKindSchema = z.enum(['audio', 'video']);

const rtpCodecParameters = z.looseObject({
  mimeType: z.string().regex(/^(audio|video)\/[\w.-]+$/).max(64),
  payloadType: z.number().int().min(0).max(127),
  clockRate: smallInt,
  channels: z.number().int().min(1).max(8).optional(),
  parameters: codecParameters.optional(),
  rtcpFeedback: z.array(rtcpFeedback).max(32).optional(),
});

const headerExtensionParameters = z.looseObject({
  uri: z.string().min(1).max(256),
  id: z.number().int().min(1).max(255),
  encrypt: z.boolean().optional(),
  parameters: codecParameters.optional(),
});

const encoding = z.looseObject({
  ssrc: smallInt.optional(),
  rid: z.string().max(32).optional(),
  codecPayloadType: z.number().int().min(0).max(127).optional(),
  rtx: z.looseObject({ ssrc: smallInt }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: z.string().max(16).optional(),
  maxBitrate: smallInt.optional(),
});

export const rtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(rtpCodecParameters).min(1).max(32),
  headerExtensions: z.array(headerExtensionParameters).max(32).optional(),
  encodings: z.array(encoding).max(8).optional(),
  rtcp: z
    .looseObject({
      cname: z.string().max(256).optional(),
      reducedSize: z.boolean().optional(),
      mux: z.boolean().optional(),
    })
    .optional(),
});

const rtpCodecCapability = z.looseObject({
  kind: mediaKindSchema,
  mimeType: z.string().regex(/^(audio|video)\/[\w.-]+$/).max(64),
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  clockRate: smallInt,
  channels: z.number().int().min(1).max(8).optional(),
  parameters: codecParameters.optional(),
  rtcpFeedback: z.array(rtcpFeedback).max(32).optional(),
});

const headerExtensionCapability = z.looseObject({
  kind: mediaKindSchema,
  uri: z.string().min(1).max(256),
  preferredId: z.number().int().min(1).max(255),
  preferredEncrypt: z.boolean().optional(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});

export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(rtpCodecCapability).max(64).optional(),
  headerExtensions: z.array(headerExtensionCapability).max(64).optional(),
});

export const dtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.looseObject({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: z.string().regex(/^[0-9A-Fa-f:]+$/).max(256),
      }),
    )
    .min(1)
    .max(8),
});

/**
 * The mediasoup types are owned by mediasoup; the wire carries them as JSON.
 * Both sides cast at the boundary: the server to mediasoup's types after
 * validation, the client to mediasoup-client's.
 */
export type RtpParameters = z.infer<typeof rtpParametersSchema>;
export type RtpCapabilities = z.infer<typeof rtpCapabilitiesSchema>;
export type DtlsParameters = z.infer<typeof dtlsParametersSchema>;
export type MediaKind = z.infer<typeof mediaKindSchema>;

/**
 * A server transport's ICE credentials (mediasoup's `IceParameters`, as
 * JSON). Like {@link IceCandidate}, it only travels from the server to the
 * browser, so it has a type and no schema: nothing untrusted is parsed.
 */
export interface IceParameters {
  usernameFragment: string;
  password: string;
  iceLite?: boolean | undefined;
}

/** One address where a server transport listens (mediasoup's `IceCandidate`, as JSON). */
export interface IceCandidate {
  foundation: string;
  priority: number;
  /** mediasoup 3.12 names the address `ip` (later versions add `address`). */
  ip: string;
  protocol: 'udp' | 'tcp';
  port: number;
  type: 'host';
  tcpType?: 'passive' | undefined;
}
