import { useMemo } from 'react';
import { useAppState } from '../../app/services.js';
import { unreadCount, type ChatViewKey } from '../../store/chatViews.js';

/** Messages by others this person has not seen yet: in all their chat, or in one view. */
export function useChatUnread(inView?: ChatViewKey): number {
  const messages = useAppState((state) => state.chatMessages);
  const read = useAppState((state) => state.chatRead);
  const selfUserId = useAppState((state) => state.selfUserId);
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  return useMemo(
    () => unreadCount(messages, read, selfUserId, isModerator, inView),
    [messages, read, selfUserId, isModerator, inView],
  );
}
