import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = { raise: 'Raise hand', lower: 'Lower hand' };

/** For the audience: ask to speak. Moderators see raised hands in the order they went up. */
export function HandButton() {
  const session = useRoomSession();
  const isRaised = useAppState((state) => state.self?.handRaisedAt != null);
  const [isBusy, run] = useBusyAction();
  return (
    <button
      type="button"
      className={isRaised ? 'control control--active' : 'control'}
      aria-disabled={isBusy}
      onClick={() => run(() => session.perform(isRaised ? 'hand:lower' : 'hand:raise', {}))}
    >
      {isRaised ? TEXT.lower : TEXT.raise}
    </button>
  );
}
