import { isLiveRound } from '../../../../shared/buzz.js';
import { useAppState } from '../../app/services.js';
import { ChooseGroup } from './ChooseGroup.js';
import { DraftEditor } from './DraftEditor.js';
import { DraftForm } from './DraftForm.js';
import { GroupOutputs } from './GroupOutputs.js';
import { RunningGroups } from './RunningGroups.js';

export const BUZZ_PANEL_ID = 'buzz-panel';

const TEXT = {
  heading: 'Buzz groups',
  close: 'Close the buzz groups panel',
  inGroup: (name: string) => `You are in ${name}. Its notes pad is beside the stage; the moderators bring everyone back at the end.`,
  waiting: 'Buzz groups are running. Stay here and follow the main session; a moderator may bring you into a group.',
  none: 'No buzz groups right now. When the moderators split the session into small groups you will be taken to yours, and each group’s notes will appear here afterwards.',
};

/** The buzz groups panel: moderators plan and run the groups; everyone finds their group and the groups' notes. */
export function BuzzPanel({ onClose }: { onClose(): void }) {
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  const outputs = useAppState((state) => state.buzzOutputs);
  return (
    <aside id={BUZZ_PANEL_ID} className="people buzz-panel" aria-labelledby="buzz-heading">
      <div className="people__header">
        <h2 id="buzz-heading">{TEXT.heading}</h2>
        <button type="button" className="icon-button" aria-label={TEXT.close} onClick={onClose}>
          ×
        </button>
      </div>
      {isModerator ? <ModeratorView /> : <ParticipantView hasOutputs={outputs !== null} />}
      {outputs && <GroupOutputs outputs={outputs} />}
    </aside>
  );
}

function ModeratorView() {
  const round = useAppState((state) => state.buzzRound);
  if (!round) return <DraftForm />;
  // Keyed by round: a new draft starts a new plan.
  if (round.phase === 'draft') return <DraftEditor key={round.roundId} round={round} />;
  return <RunningGroups round={round} />;
}

function ParticipantView({ hasOutputs }: { hasOutputs: boolean }) {
  const round = useAppState((state) => state.buzzRound);
  const place = useAppState((state) => state.buzzPlace);
  const groupIndex = useAppState((state) => state.buzzGroupIndex);
  const isLive = isLiveRound(round);
  if (groupIndex !== null) {
    const name = round?.groups.find((group) => group.index === groupIndex)?.name ?? place?.group?.name ?? 'a buzz group';
    return <p className="muted">{TEXT.inGroup(name)}</p>;
  }
  if (isLive && round.method === 'self-select' && round.phase === 'running' && !place?.group) return <ChooseGroup round={round} />;
  if (isLive) return <p className="muted">{TEXT.waiting}</p>;
  return hasOutputs ? null : <p className="panel-empty">{TEXT.none}</p>;
}
