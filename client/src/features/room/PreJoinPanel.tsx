import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { RoomId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { DisplayNameField, validateDisplayName } from '../identity/DisplayNameField.js';
import { DeviceToggles } from './DeviceToggles.js';
import { SelfTile } from './SelfTile.js';

const NAME_FIELD_ID = 'prejoin-name';

/** Before entering: check your camera and microphone, set your name, then join. */
export function PreJoinPanel({ roomId, title }: { roomId: RoomId; title: string }) {
  const session = useRoomSession();
  const displayName = useAppState((state) => state.displayName);
  const previewError = useAppState((state) => state.previewError);
  const [nameError, setNameError] = useState<string | null>(null);

  useEffect(() => {
    void session.startPreview();
  }, [session]);

  const join = (event: FormEvent) => {
    event.preventDefault();
    const error = validateDisplayName(displayName);
    setNameError(error);
    if (error) {
      document.getElementById(NAME_FIELD_ID)?.focus();
      return;
    }
    void session.join(roomId);
  };

  return (
    <main className="prejoin">
      <section className="panel prejoin__panel" aria-labelledby="prejoin-heading">
        <p className="prejoin__eyebrow">
          <Link to="/">Convene</Link> · Ready to join?
        </p>
        <h1 id="prejoin-heading">{title}</h1>
        <div className="prejoin__preview">
          <SelfTile />
        </div>
        <DeviceToggles />
        {previewError && (
          <p className="notice notice--warning" role="alert">
            {previewError}
          </p>
        )}
        <form className="prejoin__form" onSubmit={join} noValidate>
          <DisplayNameField id={NAME_FIELD_ID} error={nameError} autoFocus={displayName === ''} />
          <button type="submit" className="button button--primary">
            Join
          </button>
        </form>
      </section>
    </main>
  );
}
