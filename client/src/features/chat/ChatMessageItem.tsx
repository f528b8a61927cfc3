import { useId, useState, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_LENGTH, type ChatMessage } from '../../../../shared/conversation.js';
import { useRoomSession, useAppState } from '../../app/services.js';
import { formatClock } from '../conversation/formatTime.js';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.js';
import { useTextDraft } from '../shared/useTextDraft.js';
import { RoleBadge } from '../stage/RoleBadge.js';
import { MessageText } from './MessageText.js';
import { isSendKey } from './sendKey.js';

const TEXT = {
  you: '(you)',
  edited: '(edited)',
  deletedByAuthor: 'Message deleted by its author',
  deletedByModerator: 'Message deleted by a moderator',
  edit: 'Edit',
  editLabel: 'Edit message',
  save: 'Save',
  cancel: 'Cancel',
  delete: 'Delete',
  deleteOther: (name: string) => `Delete message (${name})`,
  muteChat: 'Mute chat',
  allowChat: 'Allow chat',
  askOwn: 'Delete your message?',
  askOther: (name: string) => `Delete ${name}’s message?`,
  explainOwn: 'Everyone will see “Message deleted” in its place.',
  explainOther: 'Everyone will see that a moderator deleted it.',
};

interface ChatMessageItemProps {
  message: ChatMessage;
  isOwn: boolean;
  /** The reader is a moderator: may delete anyone's message and mute its author. */
  canModerate: boolean;
}

/** One chat message: who, when, what (as plain text with safe links), and what the reader may do to it. */
export function ChatMessageItem({ message, isOwn, canModerate }: ChatMessageItemProps) {
  const session = useRoomSession();
  const bodyId = useId();
  const [isEditing, setEditing] = useState(false);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const { author } = message;
  const isDeleted = message.deletedBy !== null;
  const isAuthorMuted = useAppState((state) => state.chatMutes.some((mute) => mute.userId === author.userId));
  const canDelete = !isDeleted && (isOwn || canModerate);
  // Moderators are sent every author's id (nobody else is): muting someone's chat needs it.
  const mutableAuthorId = canModerate && !isOwn && author.role !== 'moderator' ? author.userId : undefined;

  const deleteMessage = async () => {
    setConfirmingDelete(false);
    await session.perform('chat:delete', { messageId: message.messageId });
  };

  return (
    <li
      className={isOwn ? 'message message--own' : 'message'}
      data-testid="chat-message"
      data-seq={message.seq}
      data-author={author.displayName}
      data-author-id={author.userId}
      data-deleted={message.deletedBy ?? undefined}
    >
      <div className="message__meta">
        <bdi className="message__author">{author.displayName}</bdi>
        {isOwn && <span className="muted">{TEXT.you}</span>}
        <RoleBadge role={author.role} />
        <time className="muted" dateTime={message.sentAt}>
          {formatClock(message.sentAt)}
        </time>
        {message.editedAt && !isDeleted && <span className="muted">{TEXT.edited}</span>}
      </div>
      {isEditing ? (
        <EditMessageForm message={message} onDone={() => setEditing(false)} />
      ) : isDeleted ? (
        <p className="message__deleted" data-testid="chat-body">
          {message.deletedBy === 'moderator' ? TEXT.deletedByModerator : TEXT.deletedByAuthor}
        </p>
      ) : (
        <p className="message__body" id={bodyId} data-testid="chat-body">
          <MessageText text={message.body} />
        </p>
      )}
      {!isEditing && (canDelete || mutableAuthorId !== undefined) && (
        <div className="message__actions">
          {isOwn && !isDeleted && (
            <button type="button" className="action" aria-label={TEXT.editLabel} aria-describedby={bodyId} onClick={() => setEditing(true)}>
              {TEXT.edit}
            </button>
          )}
          {canDelete && (
            <button
              type="button"
              className="action action--danger"
              aria-label={isOwn ? undefined : TEXT.deleteOther(author.displayName)}
              aria-describedby={bodyId}
              onClick={() => setConfirmingDelete(true)}
            >
              {TEXT.delete}
            </button>
          )}
          {mutableAuthorId !== undefined && (
            <button
              type="button"
              className="action"
              aria-label={`${isAuthorMuted ? TEXT.allowChat : TEXT.muteChat} (${author.displayName})`}
              onClick={() => void session.perform('chat:mute-person', { userId: mutableAuthorId, muted: !isAuthorMuted })}
            >
              {isAuthorMuted ? TEXT.allowChat : TEXT.muteChat}
            </button>
          )}
        </div>
      )}
      {isConfirmingDelete && (
        <ConfirmDialog
          title={isOwn ? TEXT.askOwn : TEXT.askOther(author.displayName)}
          body={isOwn ? TEXT.explainOwn : TEXT.explainOther}
          confirmText={TEXT.delete}
          onCancel={() => setConfirmingDelete(false)}
          onConfirm={() => void deleteMessage()}
        />
      )}
    </li>
  );
}

/** Changing one's own message in place: Enter saves, Escape cancels. */
function EditMessageForm({ message, onDone }: { message: ChatMessage; onDone(): void }) {
  const session = useRoomSession();
  const upsertChatMessage = useAppState((state) => state.upsertChatMessage);
  const inputId = useId();
  const { draft, setDraft, isBusy: isSaving, send: save, onFormSubmit } = useTextDraft(message.body, async (body) => {
    if (body !== message.body) {
      const edited = await session.perform('chat:edit', { messageId: message.messageId, body });
      if (!edited) return false;
      upsertChatMessage(edited);
    }
    // Saved, or nothing changed: the form closes.
    onDone();
    return false;
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    } else if (isSendKey(event)) {
      event.preventDefault();
      save();
    }
  };

  return (
    <form className="message__edit" onSubmit={onFormSubmit}>
      <label htmlFor={inputId} className="visually-hidden">
        {TEXT.editLabel}
      </label>
      <textarea
        id={inputId}
        className="composer__input"
        rows={2}
        maxLength={MAX_MESSAGE_LENGTH}
        value={draft}
        autoFocus
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="message__actions">
        <button type="submit" className="action action--primary" aria-disabled={isSaving}>
          {TEXT.save}
        </button>
        <button type="button" className="action" onClick={onDone}>
          {TEXT.cancel}
        </button>
      </div>
    </form>
  );
}
