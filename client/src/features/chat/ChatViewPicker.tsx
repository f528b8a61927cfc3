import { useId, useMemo } from 'react';
import { useAppState } from '../../app/services.js';
import { moderatorThreads, unreadCount, viewKey, type ChatView, type ChatViewKey } from '../../store/chatViews.js';

const TEXT = {
  legend: 'Conversation',
  everyone: 'Everyone',
  toModerators: 'Message the moderators',
  moderatorsOnly: 'Moderators only',
  threads: 'Private messages',
  withNew: (label: string, count: number) => (count > 0 ? `${label} (${count} new)` : label),
};

/**
 * Where the person is reading and writing. Everyone: the room, or their own
 * line to the moderators. Moderators: the room, their own conversation, or
 * one person's line (to answer it).
 */
export function ChatViewPicker({ view, onChange }: { view: ChatView; onChange(view: ChatView): void }) {
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  return isModerator ? <ModeratorViewPicker view={view} onChange={onChange} /> : <ParticipantViewPicker view={view} onChange={onChange} />;
}

function useUnreadByView(): (key: ChatViewKey) => number {
  const messages = useAppState((state) => state.chatMessages);
  const read = useAppState((state) => state.chatRead);
  const selfUserId = useAppState((state) => state.selfUserId);
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  return (key) => unreadCount(messages, read, selfUserId, isModerator, key);
}

/** Two choices, as radio buttons: arrow keys move between them. */
function ParticipantViewPicker({ view, onChange }: { view: ChatView; onChange(view: ChatView): void }) {
  const name = useId();
  const unreadIn = useUnreadByView();
  const choices: { view: ChatView; label: string }[] = [
    { view: { kind: 'room' }, label: TEXT.everyone },
    { view: { kind: 'moderators' }, label: TEXT.toModerators },
  ];
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{TEXT.legend}</legend>
      {choices.map((choice) => (
        <label key={choice.view.kind} className="segmented__option">
          <input
            type="radio"
            name={name}
            checked={view.kind === choice.view.kind}
            onChange={() => onChange(choice.view)}
          />
          <span>{TEXT.withNew(choice.label, unreadIn(viewKey(choice.view)))}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Any number of people may write to the moderators: a list to pick from, most recent first. */
function ModeratorViewPicker({ view, onChange }: { view: ChatView; onChange(view: ChatView): void }) {
  const selectId = useId();
  const messages = useAppState((state) => state.chatMessages);
  const peers = useAppState((state) => state.peers);
  const unreadIn = useUnreadByView();
  const threads = useMemo(
    () => moderatorThreads(messages, (userId) => peers.find((peer) => peer.userId === userId)?.displayName ?? null),
    [messages, peers],
  );
  const fromValue = (value: string): ChatView =>
    value === 'room' || value === 'moderators' ? { kind: value } : { kind: 'thread', userId: value.slice('thread:'.length) };
  return (
    <div className="field field--inline">
      <label htmlFor={selectId}>{TEXT.legend}</label>
      <select id={selectId} value={viewKey(view)} onChange={(event) => onChange(fromValue(event.target.value))}>
        <option value="room">{TEXT.withNew(TEXT.everyone, unreadIn('room'))}</option>
        <option value="moderators">{TEXT.withNew(TEXT.moderatorsOnly, unreadIn('moderators'))}</option>
        {threads.length > 0 && (
          <optgroup label={TEXT.threads}>
            {threads.map((thread) => {
              const key = viewKey({ kind: 'thread', userId: thread.userId });
              return (
                <option key={key} value={key}>
                  {TEXT.withNew(thread.displayName, unreadIn(key))}
                </option>
              );
            })}
          </optgroup>
        )}
      </select>
    </div>
  );
}
