import { useEffect } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { seesAudience } from '../../store/peopleSelectors.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = {
  private: (count: number) => `${count} in the audience. Only the moderators see who they are.`,
  showing: (shown: number, count: number) => `${count} in the audience, ${shown} shown.`,
  more: 'Show more people',
};

/**
 * Below the audience list: those who may see the whole audience (moderators,
 * everyone when the moderators allow it) load it a page at a time, the first
 * as the panel opens; everyone else learns how many are there.
 */
export function AudiencePages({ shown }: { shown: number }) {
  const session = useRoomSession();
  const canSee = useAppState(seesAudience);
  const count = useAppState((state) => state.audienceCount);
  const paging = useAppState((state) => state.audiencePaging);
  const addAudiencePage = useAppState((state) => state.addAudiencePage);
  const [isBusy, run] = useBusyAction();

  const loadNext = (after: number) =>
    run(async () => {
      const page = await session.perform('peers:list', { after });
      if (page) addAudiencePage(page);
    });

  // The first page as soon as the audience may be shown (the panel opens, or the moderators open the roster).
  useEffect(() => {
    if (canSee && paging === null) loadNext(0);
    // loadNext is a new function each render; what matters is whether a first page is due.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canSee, paging]);

  if (!canSee) return <p className="people__note">{TEXT.private(count)}</p>;
  return (
    <>
      {shown < count && <p className="people__note">{TEXT.showing(shown, count)}</p>}
      {paging?.next != null && (
        <button type="button" className="action people__more" aria-disabled={isBusy} onClick={() => loadNext(paging.next!)}>
          {TEXT.more}
        </button>
      )}
    </>
  );
}
