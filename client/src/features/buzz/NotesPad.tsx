import { useId, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { RelativePosition } from 'yjs';
import { useAppState, useRoomSession } from '../../app/services.js';
import type { GroupNotes } from '../../session/GroupNotes.js';

/** Long enough for a group's outputs; the server caps the document's size as well. */
const MAX_NOTES_CHARS = 20_000;

const TEXT = {
  heading: 'Group notes',
  hint: 'Everyone in the group can write here at the same time. Saved as you type, and shared with the main session when the groups end.',
};

/** The group's shared notes, while in a buzz group. */
export function NotesPad() {
  const session = useRoomSession();
  const notesRoomId = useAppState((state) => state.buzzNotesRoomId);
  const notes = notesRoomId ? session.groupNotes : null;
  if (!notes) return null;
  return <NotesEditor key={notesRoomId} notes={notes} />;
}

function NotesEditor({ notes }: { notes: GroupNotes }) {
  const id = useId();
  const value = useSyncExternalStore(
    (listener) => notes.subscribe(listener),
    () => notes.value,
  );
  const textarea = useRef<HTMLTextAreaElement>(null);
  // The caret as positions in the shared text: others' edits before it do not move it off its word.
  const caret = useRef<{ start: RelativePosition; end: RelativePosition } | null>(null);
  const rememberCaret = () => {
    const element = textarea.current;
    if (element) caret.current = { start: notes.anchorAt(element.selectionStart), end: notes.anchorAt(element.selectionEnd) };
  };
  useLayoutEffect(() => {
    const element = textarea.current;
    if (!element || !caret.current || !notes.lastChangeWasRemote || document.activeElement !== element) return;
    const start = notes.indexOf(caret.current.start);
    const end = notes.indexOf(caret.current.end);
    if (start !== null && end !== null) element.setSelectionRange(start, end);
  }, [value, notes]);

  return (
    <section className="notes-pad" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="notes-pad__heading">
        {TEXT.heading}
      </h2>
      <p id={`${id}-hint`} className="field__hint">
        {TEXT.hint}
      </p>
      <textarea
        ref={textarea}
        className="notes-pad__text"
        aria-labelledby={`${id}-heading`}
        aria-describedby={`${id}-hint`}
        value={value}
        maxLength={MAX_NOTES_CHARS}
        rows={8}
        onChange={(event) => {
          notes.replace(event.target.value);
          rememberCaret();
        }}
        onSelect={rememberCaret}
      />
    </section>
  );
}
