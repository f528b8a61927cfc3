import { useEffect, useState } from 'react';
import type { AnnouncementView } from '../../../../shared/mailingList.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useLoaded, type Loaded } from '../shared/useLoaded.js';
import { isAnySending } from './announcementForm.js';
import { startPolling } from './polling.js';

/** Often enough to watch a batch go out, seldom enough not to weigh on the server. */
const POLL_MS = 2_000;

/**
 * The event's announcements, newest first. While any is sending, the list
 * is read again every couple of seconds, quietly (no "loading" in between),
 * until none is or the page goes. `put` shows an announcement the server
 * just answered with (saved, or its sending started) without a new read.
 */
export function useAnnouncements(eventId: string): { state: Loaded<AnnouncementView[]>; reload(): void; put(announcement: AnnouncementView): void } {
  const { state, reload } = useLoaded((signal) => consoleApi.announcements(eventId, signal), eventId);
  const loaded = state.status === 'loaded' ? state.value : null;
  // Newer than `loaded`, for as long as `loaded` is what was last read: a reload starts afresh.
  const [newer, setNewer] = useState<{ base: AnnouncementView[]; value: AnnouncementView[] } | null>(null);
  const current = loaded && newer?.base === loaded ? newer.value : loaded;
  const isSending = current !== null && isAnySending(current);
  useEffect(() => {
    if (!isSending || !loaded) return;
    return startPolling((signal) => consoleApi.announcements(eventId, signal).then((value) => setNewer({ base: loaded, value })), POLL_MS);
  }, [eventId, isSending, loaded]);
  const put = (announcement: AnnouncementView) => {
    if (!loaded || !current) return;
    const isKnown = current.some((entry) => entry.id === announcement.id);
    const value = isKnown ? current.map((entry) => (entry.id === announcement.id ? announcement : entry)) : [announcement, ...current];
    setNewer({ base: loaded, value });
  };
  return { state: current ? { status: 'loaded', value: current } : state, reload, put };
}
