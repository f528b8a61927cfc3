import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RoomId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { DisplayNameField, validateDisplayName } from '../identity/DisplayNameField.js';
import { ProfileFields } from '../identity/ProfileFields.js';
import { SelfTile } from '../stage/SelfTile.js';
import { DevicePicker } from './DevicePicker.js';
import { DeviceToggles } from './DeviceToggles.js';
import { LockedRoomNote } from './LockedRoomNote.js';
import { MicLevelMeter } from './MicLevelMeter.js';
import { SeatNote } from './SeatNote.js';
import { useSignedInAccount } from '../shared/useSignedInAccount.js';
import type { InvitationState } from './useInvitation.js';

const NAME_FIELD_ID = 'prejoin-name';
const TEXT = { eyebrow: 'Ready to join?', join: 'Join', devices: 'Your camera and microphone' };

interface PreJoinPanelProps {
  roomId: RoomId;
  title: string;
  invitation: InvitationState;
  /** The invitation token to join with, once it is known to be valid. */
  invitationToken: string | null;
  /** A moderator locked the room: only people who were in it get back in. */
  isLocked: boolean;
}

/** Before entering: check your camera and microphone, set your name, then join. */
export function PreJoinPanel({ roomId, title, invitation, invitationToken, isLocked }: PreJoinPanelProps) {
  const { t } = useTranslation();
  const session = useRoomSession();
  const displayName = useAppState((state) => state.displayName);
  const previewError = useAppState((state) => state.previewError);
  const setInvitation = useAppState((state) => state.setInvitation);
  const [nameError, setNameError] = useState<string | null>(null);
  // The server refused the name at the last join: say why, at the field, until the name changes.
  const nameRefusal = useAppState((state) => state.nameRefusal);
  const setNameRefusal = useAppState((state) => state.setNameRefusal);

  useEffect(() => {
    void session.publisher.startPreview();
  }, [session]);

  const account = useSignedInAccount();
  // An invitation link brings its own role: it is used as it was meant, with a name for the visit.
  const joinsWithAccount = account !== 'checking' && account !== null && invitation.status !== 'valid';

  const join = (event: FormEvent) => {
    event.preventDefault();
    const error = joinsWithAccount ? null : validateDisplayName(displayName);
    setNameError(error);
    if (error) {
      document.getElementById(NAME_FIELD_ID)?.focus();
      return;
    }
    setInvitation(invitation.status === 'valid' ? invitationToken : null);
    // Kept for buzz groups and later visits: a group turns on only what is on now.
    session.publisher.rememberPreJoinChoice();
    setNameRefusal(null);
    void session.join(roomId);
  };

  return (
    <main className="prejoin">
      <section className="panel prejoin__panel" aria-labelledby="prejoin-heading">
        <p className="prejoin__eyebrow">
          <Link to="/">Convene</Link> · {TEXT.eyebrow}
        </p>
        <h1 id="prejoin-heading">{title}</h1>
        {isLocked && <LockedRoomNote />}
        <SeatNote invitation={invitation} />
        <div className="prejoin__preview">
          <SelfTile />
        </div>
        <section className="prejoin__devices" aria-label={TEXT.devices}>
          <DeviceToggles />
          <MicLevelMeter />
          <DevicePicker />
        </section>
        {previewError && (
          <p className="notice notice--warning" role="alert">
            {previewError}
          </p>
        )}
        <form className="prejoin__form" onSubmit={join} noValidate>
          {joinsWithAccount ? (
            <p className="prejoin__account">{t('prejoin.asAccount', { name: account.displayName })}</p>
          ) : (
            <>
              <DisplayNameField id={NAME_FIELD_ID} error={nameError ?? nameRefusal} autoFocus={displayName === '' || nameRefusal !== null} />
              {account === null && (
                <p className="prejoin__account">
                  <Link to={`/account/sign-in?next=${encodeURIComponent(`/r/${roomId}`)}`}>{t('prejoin.signIn')}</Link>
                </p>
              )}
            </>
          )}
          <ProfileFields />
          <button type="submit" className="button button--primary" disabled={invitation.status === 'checking' || account === 'checking'}>
            {TEXT.join}
          </button>
        </form>
      </section>
    </main>
  );
}
