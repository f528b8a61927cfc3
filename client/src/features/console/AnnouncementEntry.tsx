import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AnnouncementState, AnnouncementView } from '../../../../shared/mailingList.js';
import { languageName } from '../programme/programmeText.js';
import { instantText } from '../shared/instantText.js';

const STATE_BADGES: Record<AnnouncementState, string> = { draft: 'badge--muted', sending: 'badge--warn', sent: 'badge--ok' };

interface AnnouncementEntryProps {
  announcement: AnnouncementView;
  zone: string;
  isBusy: boolean;
  onEdit(): void;
  onPreview(): void;
  onSend(): void;
}

/** One announcement: its subject, audience and state; a draft's actions, a sending one's progress, a sent one's text to read again. */
export function AnnouncementEntry({ announcement, zone, isBusy, onEdit, onPreview, onSend }: AnnouncementEntryProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { id, subject, state } = announcement;
  const headingId = `announcement-${id}-heading`;
  const progressId = `announcement-${id}-progress`;
  const when = [
    t('console.announcements.createdBy', { name: announcement.createdBy, at: instantText(announcement.createdAt, zone, locale) }),
    ...(announcement.sentAt ? [t('console.announcements.sentAt', { at: instantText(announcement.sentAt, zone, locale) })] : []),
  ];
  const progressText = t('console.announcements.progressText', { written: announcement.written, recipients: announcement.recipients });
  return (
    <li className="console-list__item">
      <article className="announcement-entry" aria-labelledby={headingId}>
        <div className="console-heading">
          <h3 id={headingId}>{subject}</h3>
          {/* Said when it changes: sending starts, sending ends. */}
          <span role="status">
            <span className={`badge ${STATE_BADGES[state]}`}>{t(`console.announcements.state.${state}`)}</span>
          </span>
        </div>
        <p className="muted">{audienceText(announcement.audience, t, locale)}</p>
        <p className="muted">{when.join(' · ')}</p>
        {state !== 'draft' && <p>{t('console.announcements.recipients', { count: announcement.recipients })}</p>}
        {state === 'sending' && (
          <div className="announcement-progress">
            <label htmlFor={progressId}>{t('console.announcements.progress')}</label>
            <progress id={progressId} value={announcement.written} max={Math.max(1, announcement.recipients)} aria-describedby={`${progressId}-text`} />
            <span id={`${progressId}-text`} className="muted">
              {progressText}
            </span>
          </div>
        )}
        {state === 'sent' && announcement.recipients > 0 && <p className="muted">{progressText}</p>}
        {state === 'draft' ? (
          <div className="actions">
            <button type="button" className="button button--secondary button--small" onClick={onEdit}>
              {t('console.announcements.edit')}
              <span className="visually-hidden"> {subject}</span>
            </button>
            <button type="button" className="button button--secondary button--small" onClick={onPreview}>
              {t('console.announcements.preview')}
              <span className="visually-hidden"> {subject}</span>
            </button>
            <button type="button" className="button button--primary button--small" aria-disabled={isBusy || undefined} onClick={onSend}>
              {t('console.announcements.send')}
              <span className="visually-hidden"> {subject}</span>
            </button>
          </div>
        ) : (
          <details className="announcement-entry__text">
            <summary>{t('console.announcements.showText')}</summary>
            <pre className="console-outbox__text">{announcement.text}</pre>
          </details>
        )}
      </article>
    </li>
  );
}

/** Who it goes to, in words: each part of the audience chosen, or everyone. */
export function audienceText(audience: AnnouncementView['audience'], t: TFunction, locale: string): string {
  const parts: string[] = [];
  if (audience.topics.length > 0) parts.push(t('console.announcements.audienceTopics', { topics: new Intl.ListFormat(locale, { type: 'disjunction' }).format(audience.topics) }));
  if (audience.region) parts.push(t('console.announcements.audienceRegion', { region: t(`registration.regions.${audience.region}`) }));
  if (audience.language) parts.push(t('console.announcements.audienceLanguage', { language: languageName(audience.language, locale) }));
  return parts.length > 0 ? parts.join(' · ') : t('console.announcements.everyone');
}
