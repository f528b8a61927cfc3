import type { Role } from '../../../../shared/events.js';
import type { MicState } from '../../store/peopleSelectors.js';
import { MicIcon } from './MicIcon.js';
import { RoleBadge } from './RoleBadge.js';

const MIC_TEXT: Record<MicState, string> = { on: 'microphone on', muted: 'microphone muted', none: 'no microphone' };

interface TileLabelProps {
  name: string;
  isSelf?: boolean;
  role: Role;
  mic: MicState;
  isReconnecting?: boolean;
  isLowQuality?: boolean;
}

/** The strip at the bottom of a tile: microphone state, name, role and connection badges. */
export function TileLabel({ name, isSelf = false, role, mic, isReconnecting = false, isLowQuality = false }: TileLabelProps) {
  return (
    <div className="tile__label">
      {mic !== 'none' && <MicIcon isMuted={mic === 'muted'} />}
      <span className="visually-hidden">{MIC_TEXT[mic]}, </span>
      <span className="tile__name">
        {name}
        {isSelf && <span className="tile__you"> (you)</span>}
      </span>
      <RoleBadge role={role} />
      {isReconnecting && <span className="badge badge--warn">reconnecting…</span>}
      {isLowQuality && <span className="badge badge--muted">low quality</span>}
    </div>
  );
}
