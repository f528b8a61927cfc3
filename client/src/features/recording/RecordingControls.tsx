import { useId, useState } from 'react';
import { CHAPTER_TITLE_MAX_LENGTH } from '../../../../shared/timeline.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.js';
import { ModalDialog } from '../dialogs/ModalDialog.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = {
  start: 'Record',
  stop: 'Stop recording',
  chapter: 'Mark chapter',
  optOut: "Don't record me",
  stopTitle: 'Stop the recording?',
  stopBody: 'The recording ends now and is packaged for the catch-up library. Starting again makes a new recording.',
  chapterTitle: 'Mark a chapter',
  chapterLabel: 'Chapter title',
  chapterHint: 'Viewers of the recording can jump to this moment.',
  save: 'Mark chapter',
  cancel: 'Cancel',
};

/**
 * Recording in the control bar: moderators start and stop it and mark
 * chapters; anyone who may be recorded can ask not to be. Not in buzz
 * groups: they are not recorded.
 */
export function RecordingControls() {
  const role = useAppState((state) => state.self?.role ?? 'participant');
  const seat = useAppState((state) => state.self?.seat ?? null);
  const isInGroup = useAppState((state) => state.buzzGroupIndex !== null);
  const recording = useAppState((state) => state.recording);
  if (isInGroup) return null;
  const isModerator = role === 'moderator';
  // The audience is not filmed; those on stage (and anyone while it records) may ask to be left out.
  const mayOptOut = seat === 'stage' || recording !== null;
  return (
    <>
      {isModerator && (recording ? <StopButton /> : <StartButton />)}
      {isModerator && recording?.state === 'recording' && <ChapterButton />}
      {mayOptOut && <OptOutSwitch />}
    </>
  );
}

function StartButton() {
  const session = useRoomSession();
  const setRecording = useAppState((state) => state.setRecording);
  const [isBusy, run] = useBusyAction();
  const start = () =>
    run(async () => {
      const status = await session.perform('recording:start', {});
      if (status) setRecording(status);
    });
  return (
    <button type="button" className="control control--record" aria-disabled={isBusy} onClick={start}>
      <span className="recording-indicator__dot" aria-hidden="true" /> {TEXT.start}
    </button>
  );
}

function StopButton() {
  const session = useRoomSession();
  const isStopping = useAppState((state) => state.recording?.state === 'stopping');
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, run] = useBusyAction();
  return (
    <>
      <button
        type="button"
        className="control control--active"
        aria-disabled={isBusy || isStopping}
        onClick={() => !isBusy && !isStopping && setConfirming(true)}
      >
        {TEXT.stop}
      </button>
      {isConfirming && (
        <ConfirmDialog
          title={TEXT.stopTitle}
          body={TEXT.stopBody}
          confirmText={TEXT.stop}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            run(() => session.perform('recording:stop', {}));
          }}
        />
      )}
    </>
  );
}

function ChapterButton() {
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="control" onClick={() => setOpen(true)}>
        {TEXT.chapter}
      </button>
      {isOpen && <ChapterDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function ChapterDialog({ onClose }: { onClose(): void }) {
  const session = useRoomSession();
  const headingId = useId();
  const inputId = useId();
  const hintId = useId();
  const [title, setTitle] = useState('');
  const [isBusy, run] = useBusyAction();
  const submit = () =>
    run(async () => {
      if (title.trim() === '') return;
      const marked = await session.perform('recording:mark-chapter', { title: title.trim() });
      if (marked) onClose();
    });
  return (
    <ModalDialog labelledBy={headingId} onDismiss={onClose}>
      <h2 id={headingId}>{TEXT.chapterTitle}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label htmlFor={inputId}>{TEXT.chapterLabel}</label>
        <input
          id={inputId}
          value={title}
          maxLength={CHAPTER_TITLE_MAX_LENGTH}
          required
          autoFocus
          aria-describedby={hintId}
          onChange={(event) => setTitle(event.target.value)}
        />
        <p id={hintId} className="hint">
          {TEXT.chapterHint}
        </p>
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {TEXT.cancel}
          </button>
          <button type="submit" className="button" aria-disabled={isBusy}>
            {TEXT.save}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** A switch: on means "leave me out"; the server's answer is what it shows. */
function OptOutSwitch() {
  const session = useRoomSession();
  const isOptedOut = useAppState((state) => state.isOptedOutOfRecording);
  const setOptedOut = useAppState((state) => state.setOptedOutOfRecording);
  const setRecording = useAppState((state) => state.setRecording);
  const [isBusy, run] = useBusyAction();
  const toggle = () =>
    run(async () => {
      const want = !isOptedOut;
      const answer = await session.perform('recording:opt-out', { optedOut: want });
      if (answer === null) return;
      setOptedOut(want);
      if (answer.recording) setRecording(answer.recording);
    });
  return (
    <button type="button" className="control" aria-pressed={isOptedOut} aria-disabled={isBusy} onClick={toggle}>
      {TEXT.optOut}
    </button>
  );
}
