import { useEffect, useRef } from 'react';
import { useAppState } from '../../app/services.js';
import type { ChatViewKey } from '../../store/chatViews.js';
import { privateMessageNotices } from './privateMessageNotices.js';

/**
 * Tells a person of private messages as they arrive (see
 * privateMessageNotices); each notice opens its conversation. Messages are
 * looked at once, by seq, per room: history loaded later, edits and
 * deletions bring no notice. A conversation on screen takes its notices
 * away.
 */
export function usePrivateMessageNotices(visibleView: ChatViewKey | null): void {
  const roomId = useAppState((state) => state.roomId);
  const messages = useAppState((state) => state.chatMessages);
  const read = useAppState((state) => state.chatRead);
  const selfUserId = useAppState((state) => state.selfUserId);
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  const addNotice = useAppState((state) => state.addNotice);
  const dismissNoticesOpening = useAppState((state) => state.dismissNoticesOpening);
  // Opened by other means (the Chat button, a conversation picked), a conversation's notices go:
  // on a small phone they would cover the speaker for nothing.
  useEffect(() => {
    if (visibleView !== null) dismissNoticesOpening(visibleView);
  }, [visibleView, dismissNoticesOpening]);
  const seenUpTo = useRef({ roomId, seq: 0 });
  useEffect(() => {
    // Another room (a buzz group, back to the main session) numbers its messages afresh.
    if (seenUpTo.current.roomId !== roomId) seenUpTo.current = { roomId, seq: 0 };
    const incoming = messages.filter((message) => message.seq > seenUpTo.current.seq);
    const last = incoming.at(-1);
    if (!last || selfUserId === null) return;
    seenUpTo.current.seq = last.seq;
    for (const notice of privateMessageNotices(incoming, { selfUserId, isModerator, read, visibleView })) {
      addNotice(notice.text, { kind: 'open-chat', view: notice.view });
    }
  }, [roomId, messages, read, selfUserId, isModerator, visibleView, addNotice]);
}
