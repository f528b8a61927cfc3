import { useId, useState } from 'react';
import type { RoomControls } from '../../../../shared/conversation.js';
import { useAppState, useRoomSession } from '../../app/services.js';

const TEXT = {
  heading: 'Room',
  isLocked: { label: 'Lock room', hint: 'Nobody new can join. People already here stay.' },
  hasLobby: { label: 'Lobby (admit people one by one)', hint: 'Participants wait until a moderator lets them in.' },
  isAudienceChatEnabled: { label: 'Audience chat', hint: 'Participants may write in the room chat. Off: only speakers and moderators can.' },
  autoRecord: { label: 'Record automatically', hint: 'Recording starts by itself whenever the session goes live (its first person joins).' },
  isRosterVisible: {
    label: 'Everyone can see who is here',
    hint: "Off: participants see the stage, the moderators and how many are in the audience, not who. Moderators always see everyone.",
  },
};

const CONTROLS = ['isLocked', 'hasLobby', 'isAudienceChatEnabled', 'autoRecord', 'isRosterVisible'] as const satisfies readonly (keyof RoomControls)[];

/** Moderators: lock the room, turn the lobby on, allow or stop the audience's chat, record automatically, show the audience to all. */
export function RoomControlsForm() {
  const headingId = useId();
  return (
    <section className="moderation__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="panel-heading">
        {TEXT.heading}
      </h3>
      <ul className="switches">
        {CONTROLS.map((control) => (
          <ControlSwitch key={control} control={control} />
        ))}
      </ul>
    </section>
  );
}

/** A switch shows what it asked for while the server answers, then what the server says. */
function ControlSwitch({ control }: { control: (typeof CONTROLS)[number] }) {
  const session = useRoomSession();
  const value = useAppState((state) => state.roomControls[control]);
  const setRoomControls = useAppState((state) => state.setRoomControls);
  const [pending, setPending] = useState<boolean | null>(null);
  const inputId = useId();
  const hintId = useId();

  const change = async (next: boolean) => {
    if (pending !== null) return;
    setPending(next);
    const controls = await session.perform('room:set-controls', { [control]: next });
    setPending(null);
    if (controls) setRoomControls(controls);
  };

  return (
    <li className="switch">
      <input
        id={inputId}
        type="checkbox"
        role="switch"
        className="switch__input"
        checked={pending ?? value}
        aria-describedby={hintId}
        aria-busy={pending !== null}
        onChange={(event) => void change(event.target.checked)}
      />
      <label htmlFor={inputId} className="switch__label">
        {TEXT[control].label}
      </label>
      <p id={hintId} className="switch__hint">
        {TEXT[control].hint}
      </p>
    </li>
  );
}
