import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ConsoleRegistration } from '../../../../shared/registration.js';
import { countryName, languageName } from '../programme/programmeText.js';
import { instantText } from '../shared/instantText.js';

/** One person's registration: who, from where, in which languages, what would help them, whether they may be recorded, and their sessions. */
export function RegistrationEntry({ registration, zone }: { registration: ConsoleRegistration; zone: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const notSaid = t('console.registrations.notSaid');
  const languages = registration.languages.map((code) => languageName(code, locale));
  return (
    <li className="console-list__item registration-entry">
      <div>
        <strong>{registration.displayName}</strong>
        <p className="muted console-list__email">{registration.email}</p>
        <p className="muted">
          {t('console.registrations.list.registeredAt', { at: instantText(registration.registeredAt, zone, locale) })}
        </p>
      </div>
      <dl className="registration-entry__facts">
        <Fact term={t('console.registrations.list.country')}>{countryName(registration.country, locale) || notSaid}</Fact>
        <Fact term={t('console.registrations.list.region')}>{registration.region ? t(`registration.regions.${registration.region}`) : notSaid}</Fact>
        <Fact term={t('console.registrations.list.languages')}>
          {languages.length > 0 ? new Intl.ListFormat(locale, { type: 'unit' }).format(languages) : t('console.registrations.list.noLanguages')}
        </Fact>
        <Fact term={t('console.registrations.list.recording')}>
          {registration.consentsToRecording ? t('console.registrations.list.consents') : t('console.registrations.list.doesNotConsent')}
        </Fact>
        <Fact term={t('console.registrations.list.sessions')}>{sessionsText(registration, t)}</Fact>
        <Fact term={t('console.registrations.list.accessNeeds')} isWide>
          {registration.accessNeeds || t('console.registrations.list.noAccessNeeds')}
        </Fact>
      </dl>
    </li>
  );
}

function Fact({ term, isWide = false, children }: { term: string; isWide?: boolean; children: string }) {
  return (
    <div className={isWide ? 'registration-entry__fact registration-entry__fact--wide' : 'registration-entry__fact'}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Places held (offers count as places), and the lines waited in only when there are any. */
function sessionsText({ places, waiting }: Pick<ConsoleRegistration, 'places' | 'waiting'>, t: TFunction): string {
  const held = t('console.registrations.list.places', { count: places });
  if (waiting === 0) return held;
  return t('console.registrations.list.standing', { places: held, lines: t('console.registrations.list.lines', { count: waiting }) });
}
