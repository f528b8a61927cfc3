import { useRef, useState } from 'react';
import type { EventSummary } from '../../../../shared/programme.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useViewerZone } from '../programme/useViewerZone.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NO_APPLICATION_FILTERS, type ApplicationFilters } from './applicationFilters.js';
import { ApplicationList } from './ApplicationList.js';
import { CallList } from './CallList.js';

/**
 * `/console/e/:eventId/calls`: the event's calls for participation
 * (written, opened, closed) and the applications to them, reviewed and
 * decided. Times are on the organiser's own clock.
 */
export function CallsPanel({ event }: { event: EventSummary }) {
  const [zone] = useViewerZone();
  const { state, reload } = useLoaded((signal) => consoleApi.calls(event.id, signal), event.id);
  const [{ filters, offset }, setPage] = useState<{ filters: ApplicationFilters; offset: number }>({ filters: NO_APPLICATION_FILTERS, offset: 0 });
  const applicationsHeading = useRef<HTMLHeadingElement>(null);
  return (
    <>
      <CallList
        event={event}
        state={state}
        reload={reload}
        zone={zone}
        onShowApplications={(call) => {
          setPage({ filters: { ...NO_APPLICATION_FILTERS, callId: call.id }, offset: 0 });
          applicationsHeading.current?.focus();
        }}
      />
      <ApplicationList
        eventId={event.id}
        calls={state.status === 'loaded' ? state.value : []}
        zone={zone}
        filters={filters}
        offset={offset}
        onFilters={(next) => setPage({ filters: next, offset: 0 })}
        onMove={(next) => setPage({ filters, offset: next })}
        // A decision moves a call's counts.
        onDecided={reload}
        headingRef={applicationsHeading}
      />
    </>
  );
}
