import { useEffect } from 'react';
import { useAppState } from '../../app/services.js';
import type { ReactionBurst } from '../../store/reactionsSlice.js';
import { burstItems } from './reactionEmoji.js';

/** Long enough to notice, short enough not to cover the speaker for long. */
const BURST_LIFETIME_MS = 3_500;

/**
 * The room's reactions floating up over the stage for a moment. Decoration
 * only: hidden from screen readers, which would otherwise read every burst.
 */
export function ReactionBursts() {
  const bursts = useAppState((state) => state.reactionBursts);
  return (
    <div className="reaction-layer" aria-hidden="true">
      {bursts.map((burst) => (
        // Lanes side by side: bursts in quick succession do not cover each other.
        <BurstView key={burst.id} burst={burst} lane={burst.id % 4} />
      ))}
    </div>
  );
}

function BurstView({ burst, lane }: { burst: ReactionBurst; lane: number }) {
  const removeReactionBurst = useAppState((state) => state.removeReactionBurst);
  useEffect(() => {
    const timer = setTimeout(() => removeReactionBurst(burst.id), BURST_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [burst.id, removeReactionBurst]);
  return (
    <div className={`reaction-burst reaction-burst--lane${lane}`} data-testid="reaction-burst">
      {burstItems(burst.counts).map((item) => (
        <span key={item.reaction} className="reaction-burst__item" data-reaction={item.reaction}>
          {item.emoji}
          {item.count > 1 && <span className="reaction-burst__count">{` ×${item.count}`}</span>}
        </span>
      ))}
    </div>
  );
}
