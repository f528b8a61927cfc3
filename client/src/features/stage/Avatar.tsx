import { initialsOf } from './initials.js';

/** Initials in a circle: shown instead of a video when there is no camera. */
export function Avatar({ name, note }: { name: string; note?: string }) {
  const initials = initialsOf(name);
  return (
    <div className="avatar" aria-hidden="true">
      <span className="avatar__initials">{initials ?? <PersonIcon />}</span>
      {note && <span className="avatar__note">{note}</span>}
    </div>
  );
}

/** For a name without letters: a head and shoulders, the same for everyone. */
function PersonIcon() {
  return (
    <svg className="avatar__icon" viewBox="0 0 24 24" width="36" height="36" fill="currentColor" focusable="false">
      <circle cx="12" cy="8" r="4.2" />
      <path d="M3.5 21c0-4.4 3.8-7.5 8.5-7.5s8.5 3.1 8.5 7.5z" />
    </svg>
  );
}
