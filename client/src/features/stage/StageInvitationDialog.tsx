import { useAppState, useRoomSession } from '../../app/services.js';
import { ModalDialog } from '../dialogs/ModalDialog.js';
import { moderatorNamed } from '../../realtime/noticeText.js';

const TEXT = {
  /** `by` is empty when the invitation was found by a resync (its message was lost): who sent it is not kept. */
  title: (by: string) => `${by ? moderatorNamed(by) : 'A moderator'} invites you to the stage`,
  body: 'On stage, everyone can see and hear you. Your microphone and camera will turn on; you can turn them off at any time.',
  accept: 'Accept',
  decline: 'Decline',
};

/** A moderator's invitation to the stage; Escape declines. */
export function StageInvitationDialog() {
  const session = useRoomSession();
  const by = useAppState((state) => state.stageInvitationBy);
  const setStageInvitation = useAppState((state) => state.setStageInvitation);
  if (by === null) return null;
  const respond = (accept: boolean) => {
    setStageInvitation(null);
    void session.perform('stage:respond', { accept });
  };
  return (
    <ModalDialog labelledBy="stage-invitation-heading" onDismiss={() => respond(false)}>
      <h2 id="stage-invitation-heading">{TEXT.title(by)}</h2>
      <p>{TEXT.body}</p>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={() => respond(true)} autoFocus>
          {TEXT.accept}
        </button>
        <button type="button" className="button button--secondary" onClick={() => respond(false)}>
          {TEXT.decline}
        </button>
      </div>
    </ModalDialog>
  );
}
