import { useEffect, useState } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { seesAudience } from '../../store/peopleSelectors.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { peopleHeadingId } from './PeopleSection.js';

const TEXT = {
  private: (count: number) => `${count} in the audience. Only the moderators see who they are.`,
  showing: (shown: number, count: number) => `${count} in the audience, ${shown} shown.`,
  more: 'Show more people',
  retry: 'Load the audience',
};

/**
 * Below the audience list: those who may see the whole audience (moderators,
 * everyone when the moderators allow it) load it a page at a time, the first
 * once in the room with the panel open; everyone else learns how many are
 * there.
 */
export function AudiencePages({ shown }: { shown: number }) {
  const epoch = useAppState((state) => state.audienceEpoch);
  // Each join (and each change of who may see the audience) starts afresh:
  // a request of an earlier connection neither blocks the buttons nor counts as failed.
  return <AudiencePagesOfEpoch key={epoch} epoch={epoch} shown={shown} />;
}

function AudiencePagesOfEpoch({ epoch, shown }: { epoch: number; shown: number }) {
  const session = useRoomSession();
  const canSee = useAppState(seesAudience);
  const isJoined = useAppState((state) => state.status === 'joined');
  const count = useAppState((state) => state.audienceCount);
  const paging = useAppState((state) => state.audiencePaging);
  const addAudiencePage = useAppState((state) => state.addAudiencePage);
  const [isBusy, run] = useBusyAction();
  const [hasFailed, setFailed] = useState(false);

  const load = (after: number, { byButton }: { byButton: boolean }) =>
    run(async () => {
      const page = await session.perform('peers:list', { after });
      setFailed(page === null);
      if (!page) return;
      addAudiencePage(page, epoch);
      // The button pressed went away with the last page: the list's heading takes the focus.
      if (byButton && (after === 0 || page.next === null)) document.getElementById(peopleHeadingId('audience'))?.focus();
    });

  // The first page once in the room (not while reconnecting: that request could only fail).
  const isFirstPageDue = canSee && isJoined && paging === null;
  useEffect(() => {
    if (isFirstPageDue) load(0, { byButton: false });
    // load is a new function each render; what matters is whether a first page is due.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isFirstPageDue]);

  if (!canSee) return <p className="people__note">{TEXT.private(count)}</p>;
  return (
    <>
      {shown < count && <p className="people__note">{TEXT.showing(shown, count)}</p>}
      {paging === null && hasFailed && (
        <button type="button" className="action people__more" aria-disabled={isBusy} onClick={() => load(0, { byButton: true })}>
          {TEXT.retry}
        </button>
      )}
      {paging?.next != null && (
        <button
          type="button"
          className="action people__more"
          aria-disabled={isBusy}
          onClick={() => load(paging.next!, { byButton: true })}
        >
          {TEXT.more}
        </button>
      )}
    </>
  );
}
