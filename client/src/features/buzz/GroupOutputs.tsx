import { useId } from 'react';
import type { BuzzOutputs } from '../../../../shared/buzz.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { formatClock } from '../conversation/formatTime.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = {
  heading: 'Notes from the groups',
  ended: (time: string) => `The groups ended at ${time}.`,
  facilitator: (name: string) => `Facilitator: ${name}`,
  noNotes: 'No notes were written.',
  invite: (name: string) => `Invite ${name} to report`,
  onStage: 'On stage',
  invited: 'Invited',
};

/** What the last round left, for everyone in the main session; moderators call facilitators on stage to report. */
export function GroupOutputs({ outputs }: { outputs: BuzzOutputs }) {
  const id = useId();
  return (
    <section className="buzz-outputs" aria-labelledby={`${id}-heading`} data-testid="buzz-outputs">
      <h3 id={`${id}-heading`} className="panel-heading">
        {TEXT.heading}
      </h3>
      <p className="muted">{TEXT.ended(formatClock(new Date(outputs.endedAt).toISOString()))}</p>
      <ul className="buzz-groups">
        {outputs.groups.map((group) => (
          <li key={group.index} className="buzz-group" aria-label={group.name}>
            <h4>{group.name}</h4>
            {group.prompt && <p className="muted">{group.prompt}</p>}
            {group.facilitatorName && (
              <p className="buzz-output__facilitator">
                {TEXT.facilitator(group.facilitatorName)}{' '}
                {group.facilitatorUserId && <ReportButton userId={group.facilitatorUserId} name={group.facilitatorName} />}
              </p>
            )}
            <div className="buzz-output__notes">{group.notes.trim() ? group.notes : <em>{TEXT.noNotes}</em>}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Moderators: bring a group's facilitator on stage (they accept, as any invitation to the stage). */
function ReportButton({ userId, name }: { userId: string; name: string }) {
  const session = useRoomSession();
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  const peer = useAppState((state) => state.peers.find((p) => p.userId === userId) ?? null);
  const [isBusy, run] = useBusyAction();
  if (!isModerator || !peer) return null;
  if (peer.seat === 'stage') return <span className="muted">({TEXT.onStage})</span>;
  if (peer.isInvitedToStage) return <span className="muted">({TEXT.invited})</span>;
  return (
    <button type="button" className="action" aria-disabled={isBusy} onClick={() => run(() => session.perform('stage:invite', { peerId: peer.peerId }))}>
      {TEXT.invite(name)}
    </button>
  );
}
