/**
 * The client's state: plain data only (ids, flags, names). Objects with a
 * lifecycle (Device, transports, tracks) live in MediaClient and LocalMedia.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBuzzSlice, type BuzzSlice } from './buzzSlice.js';
import { createChatSlice, type ChatSlice } from './chatSlice.js';
import { createConversationSlice, type ConversationSlice } from './conversationSlice.js';
import { createIdentitySlice, type IdentitySlice } from './identitySlice.js';
import { createLocalMediaSlice, type LocalMediaSlice } from './localMediaSlice.js';
import { createMediaLinkSlice, type MediaLinkSlice } from './mediaLinkSlice.js';
import { createModerationSlice, type ModerationSlice } from './moderationSlice.js';
import { createNoticesSlice, type NoticesSlice } from './noticesSlice.js';
import { createPeersSlice, type PeersSlice } from './peersSlice.js';
import { createPollsSlice, type PollsSlice } from './pollsSlice.js';
import { createQuestionsSlice, type QuestionsSlice } from './questionsSlice.js';
import { createReactionsSlice, type ReactionsSlice } from './reactionsSlice.js';
import { createRecordingSlice, type RecordingSlice } from './recordingSlice.js';
import { createRoomControlsSlice, type RoomControlsSlice } from './roomControlsSlice.js';
import { createRoomSlice, type RoomSlice } from './roomSlice.js';
import { createSelfSlice, type SelfSlice } from './selfSlice.js';

export type AppState = IdentitySlice &
  RoomSlice &
  SelfSlice &
  PeersSlice &
  ModerationSlice &
  NoticesSlice &
  LocalMediaSlice &
  MediaLinkSlice &
  ConversationSlice &
  ChatSlice &
  QuestionsSlice &
  PollsSlice &
  RoomControlsSlice &
  ReactionsSlice &
  BuzzSlice &
  RecordingSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(initialDisplayName = ''): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createIdentitySlice(initialDisplayName)(...args),
    ...createRoomSlice(...args),
    ...createSelfSlice(...args),
    ...createPeersSlice(...args),
    ...createModerationSlice(...args),
    ...createNoticesSlice(...args),
    ...createLocalMediaSlice(...args),
    ...createMediaLinkSlice(...args),
    ...createConversationSlice(...args),
    ...createChatSlice(...args),
    ...createQuestionsSlice(...args),
    ...createPollsSlice(...args),
    ...createRoomControlsSlice(...args),
    ...createReactionsSlice(...args),
    ...createBuzzSlice(...args),
    ...createRecordingSlice(...args),
  }));
}
