import { useLayoutEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../../shared/conversation.js';
import { ChatMessageItem } from './ChatMessageItem.js';

const TEXT = {
  loadEarlier: 'Load earlier messages',
  loading: 'Loading…',
  label: 'Messages',
};

/** Within this distance of the end, a reader counts as following the conversation. */
const NEAR_BOTTOM_PX = 48;

interface ChatMessageListProps {
  messages: ChatMessage[];
  emptyText: string;
  selfUserId: string | null;
  canModerate: boolean;
  hasEarlier: boolean;
  /** On screen: a list rendered while hidden has no height to scroll until it is shown. */
  isVisible: boolean;
  /** Resolves once the earlier page is in the store (or failed). */
  onLoadEarlier(): Promise<void>;
}

/**
 * The messages of one conversation, oldest first. A reader at the end
 * follows new messages; one scrolled up to read stays where they are, and
 * loading earlier messages keeps their place too.
 */
export function ChatMessageList({ messages, emptyText, selfUserId, canModerate, hasEarlier, isVisible, onLoadEarlier }: ChatMessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const isFollowing = useRef(true);
  /** What the list looked like after the last render: earlier messages added above are measured against it. */
  const rendered = useRef({ firstSeq: Infinity, height: 0 });
  const [isLoading, setLoading] = useState(false);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const firstSeq = messages[0]?.seq ?? Infinity;
    if (isFollowing.current) {
      element.scrollTop = element.scrollHeight;
    } else if (firstSeq < rendered.current.firstSeq) {
      // Earlier messages went in above: keep the one being read where it was.
      element.scrollTop += element.scrollHeight - rendered.current.height;
    }
    rendered.current = { firstSeq, height: element.scrollHeight };
  }, [messages, isVisible]);

  const loadEarlier = async () => {
    if (isLoading) return;
    setLoading(true);
    // Reading older messages: stay with them rather than jump to the end.
    isFollowing.current = false;
    try {
      await onLoadEarlier();
    } finally {
      setLoading(false);
    }
  };

  return (
    // A log: screen readers announce new messages politely, without moving focus.
    // Focusable, so keyboard users can scroll it even when no message holds a link or button.
    <div
      className="chat__scroll"
      role="log"
      aria-label={TEXT.label}
      tabIndex={0}
      ref={scrollRef}
      onScroll={(event) => {
        const element = event.currentTarget;
        isFollowing.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
      }}
    >
      {hasEarlier && (
        <button type="button" className="action chat__earlier" aria-disabled={isLoading} onClick={() => void loadEarlier()}>
          {isLoading ? TEXT.loading : TEXT.loadEarlier}
        </button>
      )}
      {messages.length === 0 ? (
        <p className="panel-empty">{emptyText}</p>
      ) : (
        <ol className="chat__messages">
          {messages.map((message) => (
            <ChatMessageItem
              key={message.messageId}
              message={message}
              isOwn={message.author.userId === selfUserId}
              canModerate={canModerate}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
