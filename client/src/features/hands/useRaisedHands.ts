import { useEffect, useMemo, useRef } from 'react';
import { useAppState } from '../../app/services.js';
import { groupPeople, type Person } from '../../store/peopleSelectors.js';
import { newlyRaisedHands, raisedHandNotice } from './raisedHandNotices.js';

const NO_HANDS: Person[] = [];

/**
 * Moderators: the audience's raised hands, the earliest first (the order to
 * call on them). Others get none: hands are the moderators' to answer.
 */
export function useRaisedHands(): Person[] {
  const self = useAppState((state) => state.self);
  const peers = useAppState((state) => state.peers);
  const isModerator = self?.role === 'moderator';
  return useMemo(() => (isModerator ? groupPeople(self, peers).raisedHands : NO_HANDS), [isModerator, self, peers]);
}

/**
 * Tells moderators when hands go up, naming who, whether or not the people
 * panel is open; the notice opens the queue.
 */
export function useRaisedHandNotices(raisedHands: readonly Person[]): void {
  const addNotice = useAppState((state) => state.addNotice);
  const seen = useRef(new Set<string>());
  useEffect(() => {
    const fresh = newlyRaisedHands(raisedHands, seen.current);
    if (fresh.length === 0) return;
    addNotice(
      raisedHandNotice(
        fresh.map((person) => person.displayName),
        raisedHands.length,
      ),
      { kind: 'show-hands' },
    );
  }, [raisedHands, addNotice]);
}
