import type { BuzzMember } from '../../../../shared/buzz.js';

const TEXT = {
  label: (name: string) => `Move ${name} to`,
  nowhere: 'Not in a group',
};

interface MoveSelectProps {
  member: BuzzMember;
  /** The group the person is in, or null. */
  current: number | null;
  groups: { index: number; name: string }[];
  /** Whether "not in a group" can be chosen (only in a draft). */
  canUnassign: boolean;
  onMove(toGroup: number | null): void;
}

/** Moving someone with the keyboard (or a screen reader): what dragging does with a mouse. */
export function MoveSelect({ member, current, groups, canUnassign, onMove }: MoveSelectProps) {
  return (
    <select
      className="control-select buzz-move"
      aria-label={TEXT.label(member.displayName)}
      value={current === null ? '' : String(current)}
      onChange={(event) => onMove(event.target.value === '' ? null : Number(event.target.value))}
    >
      {(canUnassign || current === null) && (
        <option value="" disabled={!canUnassign}>
          {TEXT.nowhere}
        </option>
      )}
      {groups.map((group) => (
        <option key={group.index} value={group.index}>
          {group.name}
        </option>
      ))}
    </select>
  );
}
