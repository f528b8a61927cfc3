import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testFakeParameters as fake } from 'mediasoup-client';
import type * as MediasoupClient from 'mediasoup-client';
import type { ClientEventName } from '../../../shared/events.js';
import type { RtpCapabilities } from '../../../shared/mediaSchemas.js';
import { consumerId, producer } from '../store/testPeople.js';
import { RequestError } from '../realtime/requestError.js';
import type { RequestFn } from '../realtime/socket.js';
import { MediaClient, type MediaClientHooks } from './MediaClient.js';
import { fakeEngines, fakeTrack, resetFakeEngines } from './testMediaEngine.js';
import type { MediaLinkStatus } from './transportRecovery.js';

vi.mock('mediasoup-client', async (importOriginal) =>
  (await import('./testMediaEngine.js')).withFakeEngine(await importOriginal<typeof MediasoupClient>()),
);

const speakerMicrophone = producer(2, 1, { kind: 'audio', source: 'microphone' });

/**
 * A MediaClient against a fake server whose transports are gone (an ICE
 * restart answers NOT_FOUND, as after a failed DTLS handshake), on
 * mediasoup-client's FakeHandler; everything else is the real code.
 */
async function openMedia() {
  const sent: ClientEventName[] = [];
  const statuses: MediaLinkStatus[] = [];
  const answer = (event: ClientEventName): unknown => {
    switch (event) {
      case 'transport:create':
        return fake.generateTransportRemoteParameters();
      case 'transport:restart-ice':
        throw new RequestError('NOT_FOUND', 'no such transport');
      case 'media:produce':
        return { producerId: speakerMicrophone.producerId };
      case 'media:consume': {
        const { rtpParameters } = fake.generateConsumerRemoteParameters({ codecMimeType: 'audio/opus' });
        return { ...speakerMicrophone, consumerId: consumerId(sent.length), rtpParameters };
      }
      default:
        return {};
    }
  };
  const request = ((event: ClientEventName) => {
    sent.push(event);
    try {
      return Promise.resolve(answer(event));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }) as RequestFn;
  const hooks = {
    onLinkStatusChange: vi.fn((status: MediaLinkStatus) => void statuses.push(status)),
    // What the session would send or receive again: here, nothing.
    onTransportReplaced: vi.fn<MediaClientHooks['onTransportReplaced']>(),
  };
  const media = await MediaClient.create(fake.generateRouterRtpCapabilities() as RtpCapabilities, request, hooks);
  await media.openReceiving();
  const count = (event: ClientEventName) => sent.filter((e) => e === event).length;
  return { media, hooks, statuses, count };
}

describe('MediaClient when the server closed a transport', () => {
  let media: MediaClient | null = null;

  beforeEach(() => {
    resetFakeEngines();
  });

  afterEach(() => {
    media?.close();
    vi.useRealTimers();
  });

  it('has nothing to recover once the sending transport is replaced and nothing is sent again', async () => {
    const opened = await openMedia();
    media = opened.media;
    await media.produce('microphone', fakeTrack('audio'));
    const send = fakeEngines[1]!;
    send.setConnectionState('connecting');
    send.setConnectionState('failed');
    expect(media.linkStatus).toBe('failed');

    media.retryConnection();
    await vi.waitFor(() => expect(opened.hooks.onTransportReplaced).toHaveBeenCalledWith('send'));
    // The person went back to the audience (or turned everything off): no new sending transport.
    expect(media.isProducing('microphone')).toBe(false);
    expect(media.linkStatus).toBe('ok');
    expect(opened.statuses.at(-1)).toBe('ok');

    // And it stays so: no attempt on a transport that does not exist, no warning for media that is fine.
    vi.useFakeTimers();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(media.linkStatus).toBe('ok');
    expect(opened.count('transport:restart-ice')).toBe(1);
    // The receiving transport and the replaced sending one.
    expect(opened.count('transport:create')).toBe(2);

    // Sending again opens a new transport, watched from its start.
    vi.useRealTimers();
    await media.produce('microphone', fakeTrack('audio'));
    expect(opened.count('transport:create')).toBe(3);
    fakeEngines[2]!.setConnectionState('connecting');
    fakeEngines[2]!.setConnectionState('failed');
    expect(media.linkStatus).toBe('failed');
  });

  it('has nothing to recover on a new receiving transport that has nothing to receive', async () => {
    const opened = await openMedia();
    media = opened.media;
    const received = await media.consume(speakerMicrophone);
    const recv = fakeEngines[0]!;
    recv.setConnectionState('connecting');
    // The speaker left, then the transport failed.
    media.closeConsumer(received!.consumerId);
    recv.setConnectionState('failed');
    expect(media.linkStatus).toBe('failed');

    media.retryConnection();
    await vi.waitFor(() => expect(opened.hooks.onTransportReplaced).toHaveBeenCalledWith('recv'));
    expect(opened.count('transport:create')).toBe(2);
    expect(media.isOpen).toBe(true);
    // A transport mediasoup-client has not started to connect (nothing to carry) is not stuck.
    expect(media.linkStatus).toBe('ok');
    vi.useFakeTimers();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(media.linkStatus).toBe('ok');
    expect(opened.count('transport:restart-ice')).toBe(1);
  });

  it('counts what started each attempt: the backoff, or the person', async () => {
    const opened = await openMedia();
    media = opened.media;
    await media.consume(speakerMicrophone);
    fakeEngines[0]!.setConnectionState('connecting');
    fakeEngines[0]!.setConnectionState('failed');
    expect(media.recoveryAttempts).toEqual({ backoff: 0, person: 0 });
    media.retryConnection();
    await vi.waitFor(() => expect(opened.hooks.onTransportReplaced).toHaveBeenCalledWith('recv'));
    expect(media.recoveryAttempts).toEqual({ backoff: 0, person: 1 });
  });
});
