import { useMemo, useState } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { groupPeople, type Person } from '../../store/peopleSelectors.js';
import { PeopleSection } from './PeopleSection.js';
import { RemoveConfirmDialog } from './RemoveConfirmDialog.js';
import { RemovedList } from './RemovedList.js';

const TEXT = {
  heading: 'People',
  close: 'Close people panel',
  stage: 'On stage',
  hands: 'Raised hands',
  audience: 'Audience',
  emptyStage: 'Nobody is on stage yet',
  emptyHands: 'No raised hands',
  emptyAudience: 'Nobody in the audience yet',
};

/** Who is here, by seat; moderators act on people from here. */
export function PeoplePanel({ onClose }: { onClose(): void }) {
  const session = useRoomSession();
  const self = useAppState((state) => state.self);
  const peers = useAppState((state) => state.peers);
  const stageLimit = useAppState((state) => state.stageLimit);
  const isModerator = self?.role === 'moderator';
  const groups = useMemo(() => groupPeople(self, peers), [self, peers]);
  const [removing, setRemoving] = useState<Person | null>(null);

  return (
    <aside id="people-panel" className="people" aria-labelledby="people-heading">
      <div className="people__header">
        <h2 id="people-heading">{TEXT.heading}</h2>
        <button type="button" className="icon-button" aria-label={TEXT.close} onClick={onClose}>
          ×
        </button>
      </div>
      <PeopleSection
        id="stage"
        title={TEXT.stage}
        countText={`${groups.stage.length} of ${stageLimit}`}
        people={groups.stage}
        emptyText={TEXT.emptyStage}
        canModerate={isModerator}
        onRemove={setRemoving}
      />
      <PeopleSection
        id="hands"
        title={TEXT.hands}
        countText={String(groups.raisedHands.length)}
        people={groups.raisedHands}
        emptyText={TEXT.emptyHands}
        canModerate={isModerator}
        isOrdered
        onRemove={setRemoving}
      />
      <PeopleSection
        id="audience"
        title={TEXT.audience}
        countText={String(groups.audience.length)}
        people={groups.audience}
        emptyText={TEXT.emptyAudience}
        canModerate={isModerator}
        onRemove={setRemoving}
      />
      {isModerator && <RemovedList />}
      {removing && (
        <RemoveConfirmDialog
          name={removing.displayName}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            setRemoving(null);
            void session.perform('moderation:remove', { peerId: removing.peerId });
          }}
        />
      )}
    </aside>
  );
}
