import { REACTIONS, type Reaction, type ReactionCounts } from '../../../../shared/conversation.js';

/** Reactions travel as names; the client draws them, and names them for screen readers. */
export const REACTION_EMOJI: Record<Reaction, { emoji: string; name: string }> = {
  clap: { emoji: '👏', name: 'Clap' },
  heart: { emoji: '❤️', name: 'Heart' },
  laugh: { emoji: '😂', name: 'Laugh' },
  wow: { emoji: '😮', name: 'Wow' },
  'thumbs-up': { emoji: '👍', name: 'Thumbs up' },
  celebrate: { emoji: '🎉', name: 'Celebrate' },
};

/** The reactions of a burst in the picker's order, without the ones nobody sent. */
export function burstItems(counts: ReactionCounts): { reaction: Reaction; emoji: string; count: number }[] {
  return REACTIONS.flatMap((reaction) => {
    const count = counts[reaction] ?? 0;
    return count > 0 ? [{ reaction, emoji: REACTION_EMOJI[reaction].emoji, count }] : [];
  });
}
