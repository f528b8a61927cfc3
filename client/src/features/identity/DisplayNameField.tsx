import { useAppState } from '../../app/services.js';

/** Mirrors the server's rule (shared/http.ts) so people learn of a problem before joining. */
export const DISPLAY_NAME_MAX = 60;

export function validateDisplayName(value: string): string | null {
  const name = value.trim();
  if (name.length === 0) return 'Enter your name so others know who you are.';
  if (name.length > DISPLAY_NAME_MAX) return `Use at most ${DISPLAY_NAME_MAX} characters.`;
  return null;
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
        maxLength={DISPLAY_NAME_MAX}
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
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
