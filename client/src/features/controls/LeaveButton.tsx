import { useState } from 'react';
import { useAppState } from '../../app/services.js';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.js';
import { ControlIcon } from './ControlIcon.js';
import { leaveWarning, type LeaveWarning } from './leaveWarning.js';

const TEXT = {
  leave: 'Leave',
  stay: 'Stay',
  title: 'Leave the session?',
  body: {
    moderating: 'You are moderating: raised hands, the lobby and private messages will wait for another moderator.',
    'moderating-recording':
      'You are moderating and the session is being recorded: the recording goes on without you until a moderator stops it.',
  } satisfies Record<LeaveWarning, string>,
};

/** Leaves the room; a moderator is asked first (see leaveWarning). */
export function LeaveButton({ isCompact, onLeave }: { isCompact: boolean; onLeave(): void }) {
  const role = useAppState((state) => state.self?.role ?? 'participant');
  const isRecording = useAppState((state) => state.recording !== null);
  const [warning, setWarning] = useState<LeaveWarning | null>(null);
  const onClick = () => {
    const reason = leaveWarning({ role, isRecording });
    if (reason) setWarning(reason);
    else onLeave();
  };
  return (
    <>
      <button type="button" className={isCompact ? 'button button--danger control--compact' : 'button button--danger'} onClick={onClick}>
        {isCompact && <ControlIcon name="leave" />}
        {isCompact ? <span className="control__label">{TEXT.leave}</span> : TEXT.leave}
      </button>
      {warning && (
        <ConfirmDialog
          title={TEXT.title}
          body={TEXT.body[warning]}
          confirmText={TEXT.leave}
          cancelText={TEXT.stay}
          onCancel={() => setWarning(null)}
          onConfirm={() => {
            setWarning(null);
            onLeave();
          }}
        />
      )}
    </>
  );
}
