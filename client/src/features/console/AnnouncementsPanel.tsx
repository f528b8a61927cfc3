import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnouncementView } from '../../../../shared/mailingList.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { useConfirm } from '../shared/useConfirm.js';
import { AnnouncementEntry } from './AnnouncementEntry.js';
import { AnnouncementForm } from './AnnouncementForm.js';
import { AnnouncementPreviewCard } from './AnnouncementPreviewCard.js';
import { NotLoaded, Problem } from './ConsoleFrame.js';
import { consoleErrorText } from './consoleErrors.js';
import { useAnnouncements } from './useAnnouncements.js';

/** What is open above the list: a new announcement's form, a draft's form, or a draft's preview. */
type Open = { kind: 'new' } | { kind: 'edit'; id: string } | { kind: 'preview'; id: string } | null;

/**
 * The event's announcements: written and saved as drafts, previewed as a
 * member reads them, sent after confirming how many they reach (sending
 * cannot be undone), and followed while they go out.
 */
export function AnnouncementsPanel({ eventId, topics, zone }: { eventId: string; topics: readonly string[]; zone: string }) {
  const { t } = useTranslation();
  const { state, reload, put } = useAnnouncements(eventId);
  const [open, setOpen] = useState<Open>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [started, setStarted] = useState<{ id: string; count: number } | null>(null);
  const [isBusy, run] = useBusyAction();
  const { ask, dialog } = useConfirm();
  // Opening a form or a preview moves the keyboard (and, on a phone, the view) to it; so does starting to send (its button goes).
  const cardHeading = useRef<HTMLHeadingElement>(null);
  const startedNotice = useRef<HTMLParagraphElement>(null);
  const openKey = open === null ? null : open.kind === 'new' ? 'new' : `${open.kind}:${open.id}`;
  useEffect(() => {
    if (openKey !== null) cardHeading.current?.focus();
  }, [openKey]);
  const startedId = started?.id ?? null;
  useEffect(() => {
    if (startedId !== null) startedNotice.current?.focus();
  }, [startedId]);
  const announcements = state.status === 'loaded' ? state.value : [];
  const opened = open && open.kind !== 'new' ? announcements.find((entry) => entry.id === open.id) : undefined;
  const refusal = (error: unknown) => setProblem(consoleErrorText(error, t, t('console.announcements.alreadySent')));

  /** Counts who it reaches now, asks, then starts: nobody to reach is said, not sent (it would be marked sent for good). */
  const send = (announcement: AnnouncementView) =>
    run(async () => {
      setProblem(null);
      setStarted(null);
      try {
        const { recipients } = await consoleApi.previewAnnouncement(eventId, announcement.id);
        if (recipients === 0) {
          setProblem(t('console.announcements.nobody'));
          return;
        }
        ask({
          title: t('console.announcements.sendTitle'),
          body: t('console.announcements.sendConfirm', { count: recipients }),
          confirmText: t('console.announcements.sendNow'),
          act: () =>
            run(() =>
              consoleApi.sendAnnouncement(eventId, announcement.id).then((sending) => {
                setOpen(null);
                put(sending);
                setStarted({ id: sending.id, count: sending.recipients });
              }, refusal),
            ),
        });
      } catch (error) {
        refusal(error);
      }
    });

  return (
    <section className="panel" aria-labelledby="announcements-heading">
      <div className="console-heading">
        <h2 id="announcements-heading">{t('console.announcements.heading')}</h2>
        {open?.kind !== 'new' && (
          <button type="button" className="button button--primary" onClick={() => setOpen({ kind: 'new' })}>
            {t('console.announcements.add')}
          </button>
        )}
      </div>
      <p className="muted">{t('console.announcements.explain')}</p>
      {open?.kind === 'new' && (
        <div className="console-card">
          <h3 ref={cardHeading} tabIndex={-1}>
            {t('console.announcements.newHeading')}
          </h3>
          <AnnouncementForm
            eventId={eventId}
            topics={topics}
            onSaved={(saved) => {
              put(saved);
              setOpen({ kind: 'preview', id: saved.id });
            }}
            onCancel={() => setOpen(null)}
          />
        </div>
      )}
      {open?.kind === 'edit' && opened && (
        <div className="console-card">
          <h3 ref={cardHeading} tabIndex={-1}>
            {t('console.announcements.editing', { subject: opened.subject })}
          </h3>
          <AnnouncementForm
            key={opened.id}
            eventId={eventId}
            topics={topics}
            announcement={opened}
            onSaved={(saved) => {
              put(saved);
              setOpen({ kind: 'preview', id: saved.id });
            }}
            onCancel={() => setOpen(null)}
          />
        </div>
      )}
      {open?.kind === 'preview' && opened && (
        <AnnouncementPreviewCard
          eventId={eventId}
          announcement={opened}
          headingRef={cardHeading}
          isBusy={isBusy}
          onEdit={() => setOpen({ kind: 'edit', id: opened.id })}
          onSend={() => send(opened)}
          onClose={() => setOpen(null)}
        />
      )}
      <Problem text={problem} />
      {started && (
        <p ref={startedNotice} tabIndex={-1} className="notice" role="status">
          {t('console.announcements.started', { count: started.count })}
        </p>
      )}
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : announcements.length === 0 ? (
        <p className="muted">{t('console.announcements.empty')}</p>
      ) : (
        <ul className="console-list">
          {announcements.map((announcement) => (
            <AnnouncementEntry
              key={announcement.id}
              announcement={announcement}
              zone={zone}
              isBusy={isBusy}
              onEdit={() => setOpen({ kind: 'edit', id: announcement.id })}
              onPreview={() => setOpen({ kind: 'preview', id: announcement.id })}
              onSend={() => send(announcement)}
            />
          ))}
        </ul>
      )}
      {dialog}
    </section>
  );
}
