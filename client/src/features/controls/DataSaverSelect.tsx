import { useAppState, useRoomSession } from '../../app/services.js';
import { DATA_SAVER_MODES, type DataSaver } from '../../media/videoQuality.js';

const TEXT = { label: 'Data saver' };
const MODE_LABELS: Record<DataSaver, string> = {
  off: 'Off',
  'low-video': 'Lowest video quality',
  'audio-only': 'Audio only',
};

/** For weak or costly connections: receive less video, or none. */
export function DataSaverSelect() {
  const session = useRoomSession();
  const dataSaver = useAppState((state) => state.dataSaver);
  return (
    <label className="control-select">
      <span>{TEXT.label}</span>
      <select value={dataSaver} onChange={(event) => session.setDataSaver(event.target.value as DataSaver)}>
        {DATA_SAVER_MODES.map((mode) => (
          <option key={mode} value={mode}>
            {MODE_LABELS[mode]}
          </option>
        ))}
      </select>
    </label>
  );
}
