import { useAppState, useRoomSession } from '../../app/services.js';
import { ModalDialog } from '../dialogs/ModalDialog.js';
import { moderatorNamed } from '../../realtime/noticeText.js';

const TEXT = {
  /**
   * `by` is empty when nobody in the room sent it: the event's organisers
   * made the person a speaker, or a resync found the invitation (its message
   * lost, who sent it is not kept).
   */
  title: (by: string) => (by ? `${moderatorNamed(by)} invites you to the stage` : 'You are invited to the stage'),
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
