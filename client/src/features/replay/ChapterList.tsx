import { formatClock } from '../../../../shared/recordings.js';
import { chapterIndexAt } from './replayMoments.js';

interface ChapterListProps {
  chapters: { at: number; title: string }[];
  timeMs: number;
  onSeek(ms: number): void;
}

/** The chapters an organiser marked live; choosing one (click or Enter) plays from there. */
export function ChapterList({ chapters, timeMs, onSeek }: ChapterListProps) {
  const current = chapterIndexAt(chapters, timeMs);
  return (
    <section className="replay__panel" aria-labelledby="replay-chapters">
      <h2 id="replay-chapters">Chapters</h2>
      {chapters.length === 0 ? (
        <p className="muted">No chapters were marked in this session.</p>
      ) : (
        <ol className="replay__chapters">
          {chapters.map((chapter, index) => (
            <li key={`${chapter.at}-${index}`}>
              <button
                type="button"
                className="replay__chapter"
                aria-current={index === current ? 'true' : undefined}
                onClick={() => onSeek(chapter.at)}
              >
                <span className="replay__time">{formatClock(chapter.at)}</span> {chapter.title}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
