import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerChange, PeerInfo } from '../../shared/events.js';
import type { PeerId } from '../../shared/ids.js';
import { AudienceChurn } from './audienceChurn.js';

type FakePeer = { id: PeerId; hand: number | null };
const info = (peer: FakePeer): PeerInfo => ({
  peerId: peer.id,
  userId: `u-${peer.id}`,
  displayName: peer.id,
  role: 'participant',
  seat: 'audience',
  handRaisedAt: peer.hand,
  isInvitedToStage: false,
  isReconnecting: false,
  producers: [],
});

describe('AudienceChurn', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp() {
    const present = new Set<FakePeer>();
    const sent: PeerChange[][] = [];
    const churn = new AudienceChurn<FakePeer>(250, (peer) => (present.has(peer) ? info(peer) : null), (changes) => sent.push(changes));
    return { present, sent, churn };
  }

  it('sends a window of arrivals and departures as one message, in order', () => {
    const { present, sent, churn } = setUp();
    const ama = { id: 'p-ama' as PeerId, hand: null };
    present.add(ama);
    churn.joined(ama);
    churn.left('p-bo' as PeerId);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([[{ joined: info(ama) }, { left: 'p-bo' }]]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(1);
  });

  it('describes arrivals as they are when sent, and drops those already gone', () => {
    const { present, sent, churn } = setUp();
    const ama = { id: 'p-ama' as PeerId, hand: null as number | null };
    const bo = { id: 'p-bo' as PeerId, hand: null };
    present.add(ama);
    churn.joined(ama);
    churn.joined(bo);
    churn.left(bo.id);
    ama.hand = 42;
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([[{ joined: { ...info(ama), handRaisedAt: 42 } }, { left: 'p-bo' }]]);
  });

  it('sends nothing once closed', () => {
    const { sent, churn } = setUp();
    churn.left('p-ama' as PeerId);
    churn.close();
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([]);
  });
});
