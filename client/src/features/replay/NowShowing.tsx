import { chapterAt, type TimelineEntry } from '../../../../shared/timeline.js';
import { whoIsShown } from './replayMoments.js';

interface NowShowingProps {
  timeline: TimelineEntry[];
  names: ReadonlyMap<string, string>;
  timeMs: number;
}

/** The chapter and who was speaking (or sharing their screen) at the moment played. */
export function NowShowing({ timeline, names, timeMs }: NowShowingProps) {
  const chapter = chapterAt(timeline, timeMs);
  const { speaking, sharingScreen } = whoIsShown(timeline, timeMs, names);
  return (
    <div className="replay__now" data-testid="now-showing">
      {chapter && (
        <p>
          Chapter: <strong>{chapter.title}</strong>
        </p>
      )}
      <p>{speaking ? `Now speaking: ${speaking}` : 'Nobody on stage yet'}</p>
      {sharingScreen && <p>Screen shared by {sharingScreen}</p>}
    </div>
  );
}
