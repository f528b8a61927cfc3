import { useEffect, useRef } from 'react';
import { formatClock } from '../../../../shared/recordings.js';
import { entriesUntil, type TimelineEntry } from '../../../../shared/timeline.js';
import { MessageText } from '../chat/MessageText.js';
import { RoleBadge } from '../stage/RoleBadge.js';

interface ReplayChatProps {
  timeline: TimelineEntry[];
  timeMs: number;
}

/** The room chat as it stood at the moment played: messages appear when they were sent. */
export function ReplayChat({ timeline, timeMs }: ReplayChatProps) {
  const messages = entriesUntil(timeline, timeMs, ['chat']);
  const scroller = useRef<HTMLDivElement>(null);
  const count = messages.length;

  // Follow new messages, as a live chat does, unless the person scrolled up to read.
  useEffect(() => {
    const box = scroller.current;
    if (box && box.scrollHeight - box.scrollTop - box.clientHeight < 80) box.scrollTop = box.scrollHeight;
  }, [count]);

  return (
    <section className="replay__panel">
      <h2 id="replay-chat">Chat</h2>
      {/* Focusable, so the messages can be scrolled by keyboard. */}
      <div ref={scroller} className="replay__scroll" tabIndex={0} role="region" aria-labelledby="replay-chat">
        {count === 0 ? (
          <p className="muted">No messages yet at this point.</p>
        ) : (
          <ol className="replay__messages" aria-label="Chat as it happened">
            {messages.map((message) => (
              <li key={message.messageId} className="replay__message" data-message-id={message.messageId}>
                <span className="replay__time">{formatClock(message.at)}</span> <strong><bdi>{message.author}</bdi></strong>
                {message.authorBadge && <> <RoleBadge role={message.authorBadge} /></>}:{' '}
                <MessageText text={message.body} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
