import { useCallback, useMemo, useRef, useState } from 'react';
import { INCOMPLETE_NOTE, stageNames, type RecordingDetail } from '../../../../shared/recordings.js';
import { formatDuration, formatRecordedAt, languageName } from '../library/recordingText.js';
import { ChapterList } from './ChapterList.js';
import { MomentLink } from './MomentLink.js';
import { NowShowing } from './NowShowing.js';
import { PlaybackOptions, type PlaybackMode } from './PlaybackOptions.js';
import { ReplayChat } from './ReplayChat.js';
import { ReplayDownloads } from './ReplayDownloads.js';
import { ReplayPlayer } from './ReplayPlayer.js';
import { ReplayQuestions } from './ReplayQuestions.js';

interface ReplayProps {
  detail: RecordingDetail;
  /** Seconds from `?t=`, or null to start at the beginning. */
  startAt: number | null;
}

/** People who asked to save data (a browser setting) start with the audio-only file. */
function prefersSavingData(): boolean {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  return connection?.saveData === true;
}

/**
 * A recording played back: the player, and beside it what happened at the
 * moment it shows (chapter, speaker, chat, questions). The player's clock is
 * the one source of "now"; everything else is derived from the timeline.
 */
export function Replay({ detail, startAt }: ReplayProps) {
  const { media, timeline } = detail;
  const element = useRef<HTMLMediaElement | null>(null);
  // Where to go once the (new) element knows its duration, and whether to carry on playing.
  const pending = useRef<{ seconds: number | null; play: boolean }>({ seconds: startAt, play: false });
  const [timeMs, setTimeMs] = useState((startAt ?? 0) * 1000);
  const [rate, setRate] = useState(1);
  const [mode, setMode] = useState<PlaybackMode>(() =>
    media.video === null || (media.audio !== null && prefersSavingData()) ? 'audio' : 'video',
  );
  const names = useMemo(() => stageNames(timeline), [timeline]);

  const seek = useCallback((ms: number) => {
    setTimeMs(ms);
    const player = element.current;
    if (player && player.readyState >= HTMLMediaElement.HAVE_METADATA) player.currentTime = ms / 1000;
    else pending.current = { ...pending.current, seconds: ms / 1000 };
  }, []);

  const switchMode = (next: PlaybackMode) => {
    const player = element.current;
    // The other file starts where this one was, playing if it was.
    if (player) pending.current = { seconds: player.currentTime, play: !player.paused };
    setMode(next);
  };

  const onReady = (player: HTMLMediaElement) => {
    player.playbackRate = rate;
    const { seconds, play } = pending.current;
    pending.current = { seconds: null, play: false };
    if (seconds !== null) player.currentTime = seconds;
    // The browser may refuse to play without a gesture; the controls are there.
    if (play) void player.play().catch(() => undefined);
  };

  const changeRate = (next: number) => {
    setRate(next);
    if (element.current) element.current.playbackRate = next;
  };

  const facts = [formatRecordedAt(detail.startedAt), formatDuration(detail.durationMs), languageName(detail.language), detail.track && `Track: ${detail.track}`].filter(
    Boolean,
  );

  return (
    <>
      <header className="replay__header">
        <h1>{detail.title}</h1>
        <p className="muted">{facts.join(' · ')}</p>
        {detail.speakers.length > 0 && <p>Speakers: {detail.speakers.join(', ')}</p>}
        {detail.isPartial && (
          <p className="notice notice--warning">
            <span className="badge badge--warn">Incomplete</span> This recording is {INCOMPLETE_NOTE}: some parts may be missing.
          </p>
        )}
        {detail.description && <p>{detail.description}</p>}
      </header>
      <div className="replay__layout">
        <section className="replay__main" aria-label="Player">
          <ReplayPlayer
            mode={mode}
            media={media}
            language={detail.language}
            elementRef={element}
            onReady={onReady}
            onTime={setTimeMs}
          />
          <PlaybackOptions
            mode={mode}
            canSwitch={media.video !== null && media.audio !== null}
            rate={rate}
            onModeChange={switchMode}
            onRateChange={changeRate}
          />
          <NowShowing timeline={timeline} names={names} timeMs={timeMs} />
          <div className="replay__share">
            <MomentLink timeMs={timeMs} />
            <ReplayDownloads downloads={detail.downloads} />
          </div>
        </section>
        <aside className="replay__side" aria-label="What happened">
          <ChapterList chapters={detail.chapters} timeMs={timeMs} onSeek={seek} />
          <ReplayChat timeline={timeline} timeMs={timeMs} />
          <ReplayQuestions timeline={timeline} timeMs={timeMs} />
        </aside>
      </div>
    </>
  );
}
