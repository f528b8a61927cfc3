import { useEffect, useMemo, useState } from 'react';
import { CHAT_PAGE_SIZE } from '../../../../shared/conversation.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { ActionIds } from '../../realtime/requestId.js';
import { requestWithRetries } from '../../session/sendWithRetries.js';
import { channelOf, hasOlderMessages, messagesInView, viewKey, type ChatView } from '../../store/chatViews.js';
import { ChatComposer } from './ChatComposer.js';
import { ChatMessageList } from './ChatMessageList.js';
import { ChatViewPicker } from './ChatViewPicker.js';
import type { DraftSending } from '../shared/useTextDraft.js';

const TEXT = {
  empty: {
    room: 'No messages yet. Say hello!',
    moderators: 'Nothing here yet. Only the moderators will see what you write.',
    moderatorsOnly: 'Nothing here yet. Only moderators see this conversation.',
    thread: 'No messages in this conversation yet.',
  },
  hint: {
    room: 'Everyone in the room sees your messages.',
    moderators: 'Only the moderators see your messages here.',
    moderatorsOnly: 'Only moderators see your messages here.',
    thread: (name: string) => `${name} and the moderators see your messages here.`,
  },
  muted: 'A moderator turned off your chat for now. You can still message the moderators.',
  audienceChatOff: 'The moderators turned off the audience chat for now. You can still message the moderators.',
};

/**
 * The chat: the conversation picked (room, moderators, a person's line),
 * its messages, and the box to write in it. What is on screen while
 * `isVisible` counts as read. The room picks the conversation too (a notice
 * of a private message opens it), so it holds `view`.
 */
export function ChatTab({ isVisible, view, onViewChange }: { isVisible: boolean; view: ChatView; onViewChange(view: ChatView): void }) {
  const session = useRoomSession();
  const role = useAppState((state) => state.self?.role ?? 'participant');
  const isModerator = role === 'moderator';
  const allMessages = useAppState((state) => state.chatMessages);
  const chatHasMore = useAppState((state) => state.chatHasMore);
  const selfUserId = useAppState((state) => state.selfUserId);
  const isChatMuted = useAppState((state) => state.isChatMuted);
  const isAudienceChatEnabled = useAppState((state) => state.roomControls.isAudienceChatEnabled);
  const peers = useAppState((state) => state.peers);
  const upsertChatMessage = useAppState((state) => state.upsertChatMessage);
  const addChatPage = useAppState((state) => state.addChatPage);
  const markChatRead = useAppState((state) => state.markChatRead);
  const [sendIds] = useState(() => new ActionIds());
  const key = viewKey(view);
  const messages = useMemo(() => messagesInView(allMessages, view, isModerator), [allMessages, view, isModerator]);
  const latestSeq = messages.at(-1)?.seq ?? 0;

  useEffect(() => {
    if (isVisible && latestSeq > 0) markChatRead(key, latestSeq);
  }, [isVisible, key, latestSeq, markChatRead]);

  const threadOwnerName =
    view.kind === 'thread'
      ? (messages.find((m) => m.author.userId === view.userId)?.author.displayName ??
        peers.find((peer) => peer.userId === view.userId)?.displayName ??
        '')
      : '';
  const emptyText =
    view.kind === 'room'
      ? TEXT.empty.room
      : view.kind === 'thread'
        ? TEXT.empty.thread
        : isModerator
          ? TEXT.empty.moderatorsOnly
          : TEXT.empty.moderators;
  const audienceHint =
    view.kind === 'room'
      ? TEXT.hint.room
      : view.kind === 'thread'
        ? TEXT.hint.thread(threadOwnerName)
        : isModerator
          ? TEXT.hint.moderatorsOnly
          : TEXT.hint.moderators;
  // Muting and the audience switch close the room chat only: the line to the moderators stays open.
  const disabledReason =
    view.kind !== 'room' ? null : isChatMuted ? TEXT.muted : !isAudienceChatEnabled && role === 'participant' ? TEXT.audienceChatOff : null;

  const send = async (body: string, sending: DraftSending) => {
    // The same text sent to the same place again after a failure is a retry: it keeps its requestId,
    // so a message that reached the server though its answer was lost is not posted twice.
    const action = { ...channelOf(view), body };
    const actionKey = JSON.stringify(action);
    // Sent again as it is (same requestId) while storage does not answer; a failure rejects, and the draft says why.
    const message = await requestWithRetries('chat:send', { ...action, requestId: sendIds.idFor(actionKey) }, sending);
    sendIds.succeeded(actionKey);
    upsertChatMessage(message);
    return true;
  };

  const loadEarlier = async () => {
    const oldest = messages[0]?.seq;
    const page = await session.perform('chat:history', {
      ...channelOf(view),
      ...(oldest === undefined ? {} : { before: oldest }),
      limit: CHAT_PAGE_SIZE,
    });
    if (page) addChatPage(key, page);
  };

  return (
    <div className="chat">
      <ChatViewPicker view={view} onChange={onViewChange} />
      <ChatMessageList
        // Another conversation starts at its newest message.
        key={key}
        messages={messages}
        emptyText={emptyText}
        selfUserId={selfUserId}
        canModerate={isModerator}
        hasEarlier={hasOlderMessages(chatHasMore, key)}
        isVisible={isVisible}
        onLoadEarlier={loadEarlier}
      />
      <ChatComposer audienceHint={audienceHint} disabledReason={disabledReason} onSend={send} />
    </div>
  );
}
