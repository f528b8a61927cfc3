import { useId, useState, type ReactNode } from 'react';
import { CHAPTER_TITLE_MAX_LENGTH } from '../../../../shared/timeline.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import type { ControlAction } from '../controls/controlAction.js';
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

type RecordingDialog = 'stop' | 'chapter' | null;

/**
 * Recording in the control bar: moderators start and stop it and mark
 * chapters; anyone who may be recorded can ask not to be. Not in buzz
 * groups: they are not recorded.
 *
 * Actions rather than buttons, so that a phone can put them in its "More"
 * menu; the dialogs they open are returned apart, to be rendered outside
 * that menu (which closes as soon as an item is chosen).
 */
export function useRecordingControls(): { actions: ControlAction[]; dialog: ReactNode } {
  const session = useRoomSession();
  const role = useAppState((state) => state.self?.role ?? 'participant');
  const seat = useAppState((state) => state.self?.seat ?? null);
  const isInGroup = useAppState((state) => state.buzzGroupIndex !== null);
  const recording = useAppState((state) => state.recording);
  const setRecording = useAppState((state) => state.setRecording);
  const optOut = useOptOutAction();
  const [isStarting, runStart] = useBusyAction();
  const [isStopping, runStop] = useBusyAction();
  const [dialog, setDialog] = useState<RecordingDialog>(null);
  if (isInGroup) return { actions: [], dialog: null };

  const isModerator = role === 'moderator';
  const start: ControlAction = {
    key: 'record',
    label: TEXT.start,
    tone: 'record',
    isBusy: isStarting,
    onSelect: () =>
      runStart(async () => {
        const status = await session.perform('recording:start', {});
        if (status) setRecording(status);
      }),
  };
  const stop: ControlAction = {
    key: 'stop-recording',
    label: TEXT.stop,
    tone: 'active',
    isBusy: isStopping || recording?.state === 'stopping',
    onSelect: () => setDialog('stop'),
  };
  const chapter: ControlAction = { key: 'chapter', label: TEXT.chapter, onSelect: () => setDialog('chapter') };
  // The audience is not filmed; those on stage (and anyone while it records) may ask to be left out.
  const mayOptOut = seat === 'stage' || recording !== null;
  const actions = [
    ...(isModerator ? [recording ? stop : start] : []),
    ...(isModerator && recording?.state === 'recording' ? [chapter] : []),
    ...(mayOptOut ? [optOut] : []),
  ];

  const close = () => setDialog(null);
  return {
    actions,
    dialog:
      dialog === 'stop' ? (
        <ConfirmDialog
          title={TEXT.stopTitle}
          body={TEXT.stopBody}
          confirmText={TEXT.stop}
          onCancel={close}
          onConfirm={() => {
            close();
            runStop(() => session.perform('recording:stop', {}));
          }}
        />
      ) : dialog === 'chapter' ? (
        <ChapterDialog onClose={close} />
      ) : null,
  };
}

/** Laid out like the other dialogs: a labelled field with its hint, then the actions, the main one first. */
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
        className="dialog__form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="field">
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
          <p id={hintId} className="field__hint">
            {TEXT.chapterHint}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {TEXT.cancel}
          </button>
          <button type="submit" className="button button--primary" aria-disabled={isBusy}>
            {TEXT.save}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** A switch: on means "leave me out"; the server's answer is what it shows. */
function useOptOutAction(): ControlAction {
  const session = useRoomSession();
  const isOptedOut = useAppState((state) => state.isOptedOutOfRecording);
  const setOptedOut = useAppState((state) => state.setOptedOutOfRecording);
  const setRecording = useAppState((state) => state.setRecording);
  const [isBusy, run] = useBusyAction();
  return {
    key: 'opt-out',
    label: TEXT.optOut,
    isPressed: isOptedOut,
    isBusy,
    onSelect: () =>
      run(async () => {
        const want = !isOptedOut;
        const answer = await session.perform('recording:opt-out', { optedOut: want });
        if (answer === null) return;
        setOptedOut(want);
        if (answer.recording) setRecording(answer.recording);
      }),
  };
}
