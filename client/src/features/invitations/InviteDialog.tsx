import { useState, type FormEvent } from 'react';
import type { InvitationCreated, Role } from '../../../../shared/events.js';
import { useRoomSession } from '../../app/services.js';
import { ModalDialog } from '../dialogs/ModalDialog.js';

const TEXT = {
  title: 'Invite people',
  intro: 'Create a link that lets someone join this session with a role.',
  role: 'Role',
  expiry: 'Link works for',
  create: 'Create link',
  link: 'Invitation link',
  copy: 'Copy link',
  copied: 'Link copied',
  copyFailed: 'Copy the link from the field above.',
  expires: (at: string) => `Expires ${new Date(at).toLocaleString()}`,
  close: 'Close',
};

const ROLE_OPTIONS: { role: Role; label: string }[] = [
  { role: 'speaker', label: 'Speaker (on stage)' },
  { role: 'moderator', label: 'Moderator' },
  { role: 'participant', label: 'Participant (audience)' },
];

const EXPIRY_OPTIONS = [
  { hours: 24, label: '1 day' },
  { hours: 24 * 7, label: '1 week' },
  { hours: 24 * 30, label: '30 days' },
];

/** Moderators: mint an invitation link for a role and copy it. */
export function InviteDialog({ onClose }: { onClose(): void }) {
  const session = useRoomSession();
  const [role, setRole] = useState<Role>('speaker');
  const [hours, setHours] = useState(EXPIRY_OPTIONS[0]?.hours ?? 24);
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  const [copyStatus, setCopyStatus] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (isBusy) return;
    setBusy(true);
    setCopyStatus(null);
    setCreated(await session.perform('invitation:create', { role, expiresInHours: hours }));
    setBusy(false);
  };
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopyStatus(TEXT.copied);
    } catch {
      setCopyStatus(TEXT.copyFailed);
    }
  };

  return (
    <ModalDialog labelledBy="invite-heading" onDismiss={onClose} className="dialog--wide">
      <h2 id="invite-heading">{TEXT.title}</h2>
      <p>{TEXT.intro}</p>
      <form className="invite-form" onSubmit={(event) => void create(event)}>
        <label className="field">
          <span>{TEXT.role}</span>
          <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLE_OPTIONS.map((option) => (
              <option key={option.role} value={option.role}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{TEXT.expiry}</span>
          <select value={hours} onChange={(event) => setHours(Number(event.target.value))}>
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.hours} value={option.hours}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" aria-disabled={isBusy}>
          {TEXT.create}
        </button>
      </form>
      {created && (
        <div className="invite-result">
          <label className="field">
            <span>{TEXT.link}</span>
            <input type="text" readOnly value={created.url} onFocus={(event) => event.target.select()} />
          </label>
          <p className="field__hint">{TEXT.expires(created.expiresAt)}</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => void copy()}>
              {TEXT.copy}
            </button>
            <span role="status">{copyStatus}</span>
          </div>
        </div>
      )}
      <div className="actions dialog__footer">
        <button type="button" className="button button--secondary" onClick={onClose}>
          {TEXT.close}
        </button>
      </div>
    </ModalDialog>
  );
}
