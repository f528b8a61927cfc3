import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localTimeZone } from '../../../../shared/timeZones.js';
import { knownZones } from './useViewerZone.js';

interface ZoneChooserProps {
  zone: string;
  onChange(zone: string): void;
}

/** Which time zone the programme's times are shown in: the person's own by default, any other on request. */
export function ZoneChooser({ zone, onChange }: ZoneChooserProps) {
  const { t } = useTranslation();
  const own = localTimeZone();
  const zones = useMemo(() => knownZones(zone), [zone]);
  return (
    <label className="zone-chooser">
      <span>{t('programme.zone.label')}</span>
      <select value={zone} onChange={(event) => onChange(event.target.value)}>
        {zones.map((name) => (
          <option key={name} value={name}>
            {name === own ? t('programme.zone.yours', { zone: name }) : name}
          </option>
        ))}
      </select>
    </label>
  );
}
