import { useState } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { BuzzTimer } from './BuzzTimer.js';
import { GroupDeviceQuestion } from './GroupDeviceQuestion.js';

const TEXT = {
  label: 'Your buzz group',
  visiting: (name: string) => `Visiting ${name}`,
  facilitator: 'You facilitate this group.',
  callHelp: 'Call a moderator',
  callAgain: 'Call a moderator again',
  helpCalled: 'The moderators have been asked to come to your group.',
  back: 'Back to the main session',
};

/**
 * In a buzz group's room: which group, its question, the time left, and help
 * (or the way back, for moderators); below it, whether to turn on a camera
 * or microphone that is off.
 */
export function GroupBanner() {
  const groupIndex = useAppState((state) => state.buzzGroupIndex);
  const round = useAppState((state) => state.buzzRound);
  const place = useAppState((state) => state.buzzPlace);
  const self = useAppState((state) => state.self);
  if (groupIndex === null || !self) return null;
  const group = round?.groups.find((g) => g.index === groupIndex) ?? (place?.group?.index === groupIndex ? place.group : null);
  const name = group?.name ?? `Group ${groupIndex + 1}`;
  // Who facilitates comes with one's own place: the round tells the audience no names (shared/roster.ts).
  const facilitatorUserId = place?.group?.index === groupIndex ? place.group.facilitatorUserId : (group?.facilitatorUserId ?? null);
  const isModerator = self.role === 'moderator';
  return (
    <>
      <section className="buzz-banner" aria-label={TEXT.label} data-testid="group-banner">
        <div className="buzz-banner__about">
          <h2 className="buzz-banner__name">{isModerator ? TEXT.visiting(name) : name}</h2>
          {group?.prompt && <p className="buzz-banner__prompt">{group.prompt}</p>}
          {facilitatorUserId === self.userId && <p className="muted">{TEXT.facilitator}</p>}
        </div>
        {round && <BuzzTimer round={round} />}
        {isModerator ? <BackToSessionButton /> : <CallHelpButton />}
      </section>
      <GroupDeviceQuestion />
    </>
  );
}

function CallHelpButton() {
  const session = useRoomSession();
  const [hasCalled, setCalled] = useState(false);
  const [isBusy, run] = useBusyAction();
  return (
    <div className="buzz-banner__help">
      <button
        type="button"
        className="button button--secondary button--small"
        aria-disabled={isBusy}
        onClick={() =>
          run(async () => {
            if ((await session.perform('buzz:call-help', {})) !== null) setCalled(true);
          })
        }
      >
        {hasCalled ? TEXT.callAgain : TEXT.callHelp}
      </button>
      <p role="status" className="muted">
        {hasCalled ? TEXT.helpCalled : ''}
      </p>
    </div>
  );
}

function BackToSessionButton() {
  const session = useRoomSession();
  const [isBusy, run] = useBusyAction();
  return (
    <button type="button" className="button button--secondary button--small" aria-disabled={isBusy} onClick={() => run(() => session.returnToSession())}>
      {TEXT.back}
    </button>
  );
}
