import { describe, expect, it } from 'vitest';
import { burstItems } from './reactionEmoji.js';

describe('burstItems', () => {
  it('lists the reactions sent, in the picker order, with their counts', () => {
    expect(burstItems({ heart: 3, clap: 12, wow: 0 })).toEqual([
      { reaction: 'clap', emoji: '👏', count: 12 },
      { reaction: 'heart', emoji: '❤️', count: 3 },
    ]);
  });
});
