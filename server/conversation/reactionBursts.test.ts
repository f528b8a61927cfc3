import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactionCounts } from '../../shared/conversation.js';
import type { RoomId } from '../../shared/ids.js';
import { ReactionBursts } from './reactionBursts.js';

describe('reaction bursts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('folds the reactions of one window into one burst per room', () => {
    const sent: [RoomId, ReactionCounts][] = [];
    const bursts = new ReactionBursts(300, (roomId, counts) => sent.push([roomId, counts]));
    const room = 'plenary' as RoomId;
    const other = 'buzz' as RoomId;
    for (let index = 0; index < 40; index += 1) bursts.add(room, 'clap');
    bursts.add(room, 'heart');
    bursts.add(other, 'wow');
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(300);
    expect(sent).toEqual([
      [room, { clap: 40, heart: 1 }],
      [other, { wow: 1 }],
    ]);

    bursts.add(room, 'laugh');
    vi.advanceTimersByTime(300);
    expect(sent.at(-1)).toEqual([room, { laugh: 1 }]);
    expect(sent).toHaveLength(3);
  });

  it('sends nothing after close', () => {
    const send = vi.fn();
    const bursts = new ReactionBursts(300, send);
    bursts.add('plenary' as RoomId, 'clap');
    bursts.close();
    vi.advanceTimersByTime(1000);
    expect(send).not.toHaveBeenCalled();
  });
});
