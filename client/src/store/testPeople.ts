/** Peers and producers for store and event tests, with the fields a test does not care about filled in. */
import type { PeerInfo, ProducerInfo } from '../../../shared/events.js';
import type { ConsumerId, PeerId, ProducerId } from '../../../shared/ids.js';

export const peerId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` as PeerId;
export const producerId = (n: number) => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}` as ProducerId;
export const consumerId = (n: number) => `20000000-0000-4000-8000-${String(n).padStart(12, '0')}` as ConsumerId;
/** The person behind peer `n` (chat authors and chat mutes name people by it). */
export const userId = (n: number) => `40000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const producer = (peer: number, n: number, overrides: Partial<ProducerInfo> = {}): ProducerInfo => ({
  producerId: producerId(n),
  peerId: peerId(peer),
  kind: 'video',
  source: 'camera',
  pausedBy: null,
  ...overrides,
});

export const peer = (n: number, displayName: string, overrides: Partial<PeerInfo> = {}): PeerInfo => ({
  peerId: peerId(n),
  userId: userId(n),
  displayName,
  role: 'participant',
  seat: 'audience',
  handRaisedAt: null,
  isInvitedToStage: false,
  isReconnecting: false,
  producers: [],
  ...overrides,
});
