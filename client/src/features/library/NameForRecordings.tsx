import { useId, useState, type FormEvent } from 'react';
import { useAppState } from '../../app/services.js';
import { validateDisplayName } from '../identity/DisplayNameField.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { describeLibraryError } from './recordingText.js';

interface NameForRecordingsProps {
  onSignIn(displayName: string): Promise<void>;
  /** Shown above the form; the library's own sentence by default. */
  reason?: string;
}

/** Some recordings are for registered people: a name is all it takes, as for joining a room. */
export function NameForRecordings({ onSignIn, reason }: NameForRecordingsProps) {
  const id = useId();
  const savedName = useAppState((state) => state.displayName);
  const setDisplayName = useAppState((state) => state.setDisplayName);
  const [name, setName] = useState(savedName);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, run] = useBusyAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = validateDisplayName(name);
    setError(problem);
    if (problem) return;
    run(async () => {
      try {
        setDisplayName(name.trim());
        await onSignIn(name);
      } catch (failure) {
        setError(describeLibraryError(failure));
      }
    });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Registered participants</h2>
      <p>{reason ?? 'Some recordings are only for registered participants. Enter your name to see them too.'}</p>
      <form className="library__name" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Your name</label>
          <input
            id={`${id}-name`}
            type="text"
            autoComplete="name"
            maxLength={60}
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </div>
        <button type="submit" className="button" aria-disabled={isBusy || undefined}>
          Continue
        </button>
      </form>
      {error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
