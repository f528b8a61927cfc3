import { useState, type FormEvent } from 'react';
import type { Role } from '../../../../shared/events.js';
import type { InvitationCreated, InvitationLimits } from '../../../../shared/invitations.js';
import { useRoomSession } from '../../app/services.js';
import { formatDateTime } from '../conversation/formatTime.js';
import { describeLifetime, lifetimeChoices, ROLE_LABELS } from './invitationText.js';

const TEXT = {
  role: 'Role',
  expiry: 'Link works for',
  expiryHint: (max: string) => `Links last at most ${max} on this server.`,
  create: 'Create link',
  link: 'Invitation link',
  copy: 'Copy link',
  copied: 'Link copied',
  copyFailed: 'Copy the link from the field above.',
  expires: (at: string) => `Works until ${formatDateTime(at)}. It is shown only now: copy it before closing.`,
};

/** The order roles are offered in: speakers are the usual guests. */
const ROLE_ORDER: Role[] = ['speaker', 'moderator', 'participant'];

interface InviteFormProps {
  limits: InvitationLimits;
  onCreated(created: InvitationCreated): void;
}

/** Choose a role and a lifetime (only those the server allows), create the link, copy it. */
export function InviteForm({ limits, onCreated }: InviteFormProps) {
  const session = useRoomSession();
  const [role, setRole] = useState<Role>('speaker');
  // Null: the role's default (short for moderators).
  const [chosenHours, setChosenHours] = useState<number | null>(null);
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  const [copyStatus, setCopyStatus] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const hours = chosenHours ?? limits.defaultHours[role];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (isBusy) return;
    setBusy(true);
    setCopyStatus(null);
    const result = await session.perform('invitation:create', { role, expiresInHours: hours });
    setBusy(false);
    if (!result) return;
    setCreated(result);
    onCreated(result);
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
    <>
      <form className="invite-form" onSubmit={(event) => void create(event)}>
        <label className="field">
          <span>{TEXT.role}</span>
          <select
            value={role}
            onChange={(event) => {
              setRole(ROLE_ORDER.find((candidate) => candidate === event.target.value) ?? 'speaker');
              setChosenHours(null);
            }}
          >
            {ROLE_ORDER.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{TEXT.expiry}</span>
          <select value={hours} onChange={(event) => setChosenHours(Number(event.target.value))} aria-describedby="invite-expiry-hint">
            {lifetimeChoices(limits, role).map((option) => (
              <option key={option} value={option}>
                {describeLifetime(option)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" aria-disabled={isBusy}>
          {TEXT.create}
        </button>
      </form>
      <p className="field__hint" id="invite-expiry-hint">
        {TEXT.expiryHint(describeLifetime(limits.maxHours))}
      </p>
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
    </>
  );
}
