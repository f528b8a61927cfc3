import type { StateCreator } from 'zustand/vanilla';
import type { AuditEntry, AuditPage, ChatMute, LobbyEntry } from '../../../shared/conversation.js';
import type { RemovedPerson } from '../../../shared/events.js';
import type { AppState } from './appStore.js';

/** What moderators see of their room beyond the people in it (all empty for everyone else). */
export interface ModerationSlice {
  /** People removed from the room. */
  removed: RemovedPerson[];
  /** People waiting in the lobby, the longest waiting first. */
  lobby: LobbyEntry[];
  /** People whose chat a moderator muted. */
  chatMutes: ChatMute[];
  /** The audit log as far as loaded, newest first. */
  auditEntries: AuditEntry[];
  auditHasMore: boolean;
  /** Whether the first page was asked for since (re)joining: the log is not in the join snapshot. */
  isAuditLoaded: boolean;
  setRemoved(removed: RemovedPerson[]): void;
  setLobby(lobby: LobbyEntry[]): void;
  setChatMutes(chatMutes: ChatMute[]): void;
  /** A page of the log (older entries, or the first page). */
  addAuditPage(page: AuditPage): void;
  /** An action just recorded (live). */
  addAuditEntry(entry: AuditEntry): void;
}

export const emptyModeration = {
  lobby: [] as LobbyEntry[],
  chatMutes: [] as ChatMute[],
  auditEntries: [] as AuditEntry[],
  auditHasMore: false,
  isAuditLoaded: false,
} satisfies Partial<ModerationSlice>;

/** Adds entries (by id), newest first: a live entry and a page may hold the same one. */
function mergeAudit(existing: readonly AuditEntry[], incoming: readonly AuditEntry[]): AuditEntry[] {
  const byId = new Map(existing.map((entry) => [entry.entryId, entry]));
  for (const entry of incoming) byId.set(entry.entryId, entry);
  return [...byId.values()].sort((a, b) => b.seq - a.seq);
}

export const createModerationSlice: StateCreator<AppState, [], [], ModerationSlice> = (set) => ({
  removed: [],
  ...emptyModeration,
  setRemoved(removed) {
    set({ removed });
  },
  setLobby(lobby) {
    set({ lobby });
  },
  setChatMutes(chatMutes) {
    set({ chatMutes });
  },
  addAuditPage(page) {
    set((state) => ({
      auditEntries: mergeAudit(state.auditEntries, page.entries),
      auditHasMore: page.hasMore,
      isAuditLoaded: true,
    }));
  },
  addAuditEntry(entry) {
    set((state) => ({ auditEntries: mergeAudit(state.auditEntries, [entry]) }));
  },
});
