import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnouncementView } from '../../../../shared/mailingList.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded } from './ConsoleFrame.js';

interface AnnouncementPreviewCardProps {
  eventId: string;
  announcement: AnnouncementView;
  headingRef: Ref<HTMLHeadingElement>;
  isBusy: boolean;
  onEdit(): void;
  onSend(): void;
  onClose(): void;
}

/**
 * The saved draft exactly as the server writes it to a member (subject,
 * text and footer), read-only, and how many it would reach now; from here
 * it is edited or sent.
 */
export function AnnouncementPreviewCard({ eventId, announcement, headingRef, isBusy, onEdit, onSend, onClose }: AnnouncementPreviewCardProps) {
  const { t } = useTranslation();
  // Read again whenever the draft changed: the preview is of what is saved.
  const version = `${announcement.id}:${announcement.subject}:${announcement.text}:${JSON.stringify(announcement.audience)}`;
  const { state, reload } = useLoaded(() => consoleApi.previewAnnouncement(eventId, announcement.id), version);
  const headingId = `preview-${announcement.id}-heading`;
  return (
    <section className="console-card" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('console.announcements.previewHeading', { subject: announcement.subject })}
      </h3>
      <p className="muted">{t('console.announcements.previewExplain')}</p>
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : (
        <>
          <p role="status">
            <strong>{t('console.announcements.reach', { count: state.value.recipients })}</strong>
          </p>
          <div className="announcement-preview">
            <p className="announcement-preview__subject">{t('console.announcements.previewSubject', { subject: state.value.subject })}</p>
            <pre className="console-outbox__text">{state.value.text}</pre>
          </div>
        </>
      )}
      <div className="actions">
        {announcement.state === 'draft' && (
          <>
            <button type="button" className="button button--primary" aria-disabled={isBusy || undefined} onClick={onSend}>
              {t('console.announcements.send')}
            </button>
            <button type="button" className="button button--secondary" onClick={onEdit}>
              {t('console.announcements.edit')}
            </button>
          </>
        )}
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('console.announcements.close')}
        </button>
      </div>
    </section>
  );
}
