import { useAppState } from '../../app/services.js';
import type { ChatView } from '../../store/chatViews.js';
import { ChatTab } from '../chat/ChatTab.js';
import { UnreadBadge } from '../chat/UnreadBadge.js';
import { useChatUnread } from '../chat/useChatUnread.js';
import { ModerationTab } from '../moderation/ModerationTab.js';
import { PollsTab } from '../polls/PollsTab.js';
import { QuestionsTab } from '../questions/QuestionsTab.js';
import { PanelTabs, type TabItem } from './PanelTabs.js';
import { useIsPageVisible } from './useIsPageVisible.js';

export type ConversationTab = 'chat' | 'questions' | 'polls' | 'moderation';

const TEXT = {
  heading: 'Chat, questions and polls',
  tabs: 'Panel sections',
  close: 'Close the chat panel',
  chat: 'Chat',
  questions: 'Q&A',
  polls: 'Polls',
  moderation: 'Moderation',
};

export const CONVERSATION_PANEL_ID = 'conversation-panel';
const tabId = (tab: ConversationTab) => `conversation-tab-${tab}`;
const panelId = (tab: ConversationTab) => `conversation-tabpanel-${tab}`;
const CHAT_TAB_BADGE_ID = 'conversation-chat-unread';

interface ConversationPanelProps {
  isOpen: boolean;
  tab: ConversationTab;
  onTabChange(tab: ConversationTab): void;
  /** The conversation the chat tab shows. */
  chatView: ChatView;
  onChatViewChange(view: ChatView): void;
  onClose(): void;
}

/**
 * The side panel: chat, Q&A, polls, and for moderators, moderation. It stays
 * mounted while closed (hidden), so drafts and scroll positions survive.
 */
export function ConversationPanel({ isOpen, tab, onTabChange, chatView, onChatViewChange, onClose }: ConversationPanelProps) {
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  const isPageVisible = useIsPageVisible();
  const unread = useChatUnread();
  const selected = tab === 'moderation' && !isModerator ? 'chat' : tab;
  const isShown = (which: ConversationTab) => isOpen && isPageVisible && selected === which;

  const tabs: TabItem<ConversationTab>[] = [
    // While closed, the Chat button in the control bar carries the count instead.
    isOpen && selected !== 'chat' && unread > 0
      ? { id: 'chat', label: TEXT.chat, extra: <UnreadBadge id={CHAT_TAB_BADGE_ID} count={unread} />, describedBy: CHAT_TAB_BADGE_ID }
      : { id: 'chat', label: TEXT.chat },
    { id: 'questions', label: TEXT.questions },
    { id: 'polls', label: TEXT.polls },
    ...(isModerator ? [{ id: 'moderation' as const, label: TEXT.moderation }] : []),
  ];

  return (
    <aside id={CONVERSATION_PANEL_ID} className="side-panel conversation" aria-labelledby="conversation-heading" hidden={!isOpen}>
      <div className="side-panel__header">
        <h2 id="conversation-heading" className="visually-hidden">
          {TEXT.heading}
        </h2>
        <PanelTabs label={TEXT.tabs} tabs={tabs} selected={selected} onSelect={onTabChange} tabId={tabId} panelId={panelId} />
        <button type="button" className="icon-button" aria-label={TEXT.close} onClick={onClose}>
          ×
        </button>
      </div>
      {tabs.map(({ id }) => (
        <div
          key={id}
          role="tabpanel"
          id={panelId(id)}
          aria-labelledby={tabId(id)}
          className="conversation__tabpanel"
          hidden={selected !== id}
        >
          {id === 'chat' && <ChatTab isVisible={isShown('chat')} view={chatView} onViewChange={onChatViewChange} />}
          {id === 'questions' && <QuestionsTab />}
          {id === 'polls' && <PollsTab />}
          {id === 'moderation' && <ModerationTab isVisible={isShown('moderation')} />}
        </div>
      ))}
    </aside>
  );
}
