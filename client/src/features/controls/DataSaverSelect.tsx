import { useAppState, useRoomSession } from '../../app/services.js';
import { DATA_SAVER_MODES, type DataSaver } from '../../media/videoQuality.js';
import type { MenuEntry } from './MoreMenu.js';

const TEXT = { label: 'Data saver' };
const MODE_LABELS: Record<DataSaver, string> = {
  off: 'Off',
  'low-video': 'Lowest video quality',
  'audio-only': 'Audio only',
};
const OPTIONS = DATA_SAVER_MODES.map((mode) => ({ value: mode, label: MODE_LABELS[mode] }));

/** For weak or costly connections: receive less video, or none. */
export function DataSaverSelect() {
  const session = useRoomSession();
  const dataSaver = useAppState((state) => state.dataSaver);
  return (
    <label className="control-select">
      <span>{TEXT.label}</span>
      <select value={dataSaver} onChange={(event) => session.setDataSaver(event.target.value as DataSaver)}>
        {OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The same choice as items of the phone's "More" menu. */
export function useDataSaverChoice(): MenuEntry {
  const session = useRoomSession();
  const dataSaver = useAppState((state) => state.dataSaver);
  return {
    kind: 'choice',
    key: 'data-saver',
    label: TEXT.label,
    options: OPTIONS,
    value: dataSaver,
    onChange: (mode) => session.setDataSaver(mode as DataSaver),
  };
}
