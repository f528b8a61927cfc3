/** Initials in a circle: shown instead of a video when there is no camera. */
export function Avatar({ name, note }: { name: string; note?: string }) {
  return (
    <div className="avatar" aria-hidden="true">
      <span className="avatar__initials">{initialsOf(name)}</span>
      {note && <span className="avatar__note">{note}</span>}
    </div>
  );
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  // Array.from keeps letters made of two UTF-16 units (many scripts, emoji) whole.
  const letters = words.slice(0, 2).map((word) => Array.from(word)[0] ?? '');
  return letters.join('').toLocaleUpperCase() || '?';
}
