import { DISPLAY_NAME_MAX_LENGTH, displayNameProblem } from '../../../../shared/displayName.js';
import { useAppState } from '../../app/services.js';

/** The server's rule (shared/displayName.ts), so people learn of a problem before joining. */
export function validateDisplayName(value: string): string | null {
  switch (displayNameProblem(value)) {
    case 'empty':
      return value.trim() === ''
        ? 'Enter your name so others know who you are.'
        : 'Enter a name others can see: invisible characters and formatting marks are removed.';
    case 'too-long':
      return `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters.`;
    case null:
      return null;
  }
}

interface DisplayNameFieldProps {
  id: string;
  /** A message to show under the field (e.g. after a submit with an empty name). */
  error?: string | null;
  autoFocus?: boolean;
}

/** The name others see; remembered in this browser for next time. */
export function DisplayNameField({ id, error = null, autoFocus = false }: DisplayNameFieldProps) {
  const displayName = useAppState((state) => state.displayName);
  const setDisplayName = useAppState((state) => state.setDisplayName);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>Your name</label>
      <input
        id={id}
        name="displayName"
        type="text"
        autoComplete="name"
        maxLength={DISPLAY_NAME_MAX_LENGTH}
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        aria-invalid={error ? true : undefined}
        autoFocus={autoFocus}
      />
      <p id={hintId} className="field__hint">
        Shown to others in the room. Remembered on this device.
      </p>
      {error && (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
