import type { FakeHandler } from 'mediasoup-client';
import type * as MediasoupClient from 'mediasoup-client';

/**
 * For unit tests: mediasoup-client with the browser's WebRTC engine replaced
 * by its own FakeHandler, whose transports a test can make connect or fail.
 * Everything else is the real library. In a test file:
 *
 * ```ts
 * vi.mock('mediasoup-client', async (importOriginal) =>
 *   (await import('../media/testMediaEngine.js')).withFakeEngine(await importOriginal()));
 * ```
 */
export function withFakeEngine(real: typeof MediasoupClient): typeof MediasoupClient {
  const engine = real.FakeHandler.createFactory(real.testFakeParameters);
  class FakeEngineDevice extends real.Device {
    constructor() {
      super({
        handlerFactory: {
          ...engine,
          factory: (options) => {
            const handler = engine.factory(options);
            fakeEngines.push(handler as FakeHandler);
            return handler;
          },
        },
      });
    }
  }
  return { ...real, Device: FakeEngineDevice };
}

/** Every transport's engine, in the order the transports were created; emptied by {@link resetFakeEngines}. */
export const fakeEngines: FakeHandler[] = [];

export function resetFakeEngines(): void {
  fakeEngines.length = 0;
}

/** A live local track, as much of one as mediasoup-client's producers use. */
export function fakeTrack(kind: 'audio' | 'video'): MediaStreamTrack {
  const track = {
    id: `${kind}-${Math.random().toString(36).slice(2)}`,
    kind,
    enabled: true,
    readyState: 'live',
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    stop: () => undefined,
  };
  return track as unknown as MediaStreamTrack;
}
