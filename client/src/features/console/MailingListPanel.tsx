import type { TopicSummary } from '../../../../shared/programme.js';
import { useViewerZone } from '../programme/useViewerZone.js';
import { AnnouncementsPanel } from './AnnouncementsPanel.js';
import { MailingListMembers } from './MailingListMembers.js';

/**
 * `/console/e/:eventId/mailing-list`: who is on the event's list, its
 * export, and the announcements written to it. Times are on the
 * organiser's own clock.
 */
export function MailingListPanel({ eventId, topics }: { eventId: string; topics: TopicSummary[] }) {
  const [zone] = useViewerZone();
  return (
    <>
      <MailingListMembers eventId={eventId} zone={zone} />
      <AnnouncementsPanel eventId={eventId} topics={topics.map((topic) => topic.name)} zone={zone} />
    </>
  );
}
