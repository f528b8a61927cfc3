import { useTranslation } from 'react-i18next';
import type { RegistrationOverview } from '../../../../shared/registration.js';

/** How many registered, and from which regions (those who did not say counted too). */
export function RegistrationCounts({ overview }: { overview: RegistrationOverview }) {
  const { t } = useTranslation();
  return (
    <div className="registration-counts">
      <p className="registration-counts__total">{t('console.registrations.total', { count: overview.registrations })}</p>
      {overview.byRegion.length > 0 && (
        <>
          <h3 id="registration-regions-heading">{t('console.registrations.byRegion')}</h3>
          <ul className="registration-counts__regions" aria-labelledby="registration-regions-heading">
            {overview.byRegion.map(({ region, count }) => (
              <li key={region ?? 'none'}>
                {t('console.registrations.regionCount', {
                  region: region ? t(`registration.regions.${region}`) : t('console.registrations.notSaid'),
                  count,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
