import { useMemo, useState } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { groupPeople, seesAudience, type Person } from '../../store/peopleSelectors.js';
import { AudiencePages } from './AudiencePages.js';
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

/**
 * Who is here, by seat; moderators act on people from here. The audience's
 * names are for those who may see them (moderators, everyone when the
 * moderators allow it); everyone sees how many are there.
 */
export function PeoplePanel({ onClose }: { onClose(): void }) {
  const session = useRoomSession();
  const self = useAppState((state) => state.self);
  const peers = useAppState((state) => state.peers);
  const stageLimit = useAppState((state) => state.stageLimit);
  const audienceCount = useAppState((state) => state.audienceCount);
  const canSeeAudience = useAppState(seesAudience);
  const isModerator = self?.role === 'moderator';
  const groups = useMemo(() => groupPeople(self, peers), [self, peers]);
  // Without the audience's names there is no queue to show: one's own raised hand shows on one's own row.
  const audience = canSeeAudience ? groups.audience : [...groups.raisedHands, ...groups.audience];
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
      {canSeeAudience && (
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
      )}
      <PeopleSection
        id="audience"
        title={TEXT.audience}
        countText={String(audienceCount)}
        people={audience}
        emptyText={audienceCount === 0 ? TEXT.emptyAudience : null}
        canModerate={isModerator}
        onRemove={setRemoving}
      >
        {audienceCount > 0 && <AudiencePages shown={groups.raisedHands.length + groups.audience.length} />}
      </PeopleSection>
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
