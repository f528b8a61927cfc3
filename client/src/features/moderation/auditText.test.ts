import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, QUESTION_ACTIONS, type AuditAction } from '../../../../shared/conversation.js';
import { describeAuditEntry } from './auditText.js';

/**
 * A code as the server stores it, which a moderator must never have to read:
 * a dotted action ("stage.invite"), or a detail that is or starts with a
 * code ("answer-live", "shared: …").
 */
const RAW_CODE = new RegExp(String.raw`\b[a-z]+\.[a-z][a-z-]*\b|(?:^| — )(?:${[...QUESTION_ACTIONS, 'shared', 'hidden'].join('|')})(?::|$)`);

/** The details the server records with each action (server/**: `audit.record(`), one realistic example each. */
const SERVER_DETAILS: Partial<Record<AuditAction, (string | null)[]>> = {
  'media.stop': ['muted microphone', 'stopped camera', 'stopped screen'],
  // The action code alone: the log keeps no question words (an asker may withdraw them).
  'question.moderate': [...QUESTION_ACTIONS],
  'poll.share-results': ['shared: Lunch?', 'hidden: Lunch?'],
  'room.controls': ['locked: on, lobby: off'],
  'invitation.create': ['speaker, valid 24 h'],
  'invitation.revoke': ['speaker link by Ama', 'moderator link by npm run invite'],
  'chat.delete': ['hello everyone'],
  'buzz.end': ['at once'],
};

const line = (entry: { action: AuditAction; targetName: string | null; detail: string | null }) => {
  const { words, detail } = describeAuditEntry(entry);
  return detail ? `${words} — ${detail}` : words;
};

describe('describeAuditEntry', () => {
  it('puts the action in words around whom it was done to', () => {
    expect(describeAuditEntry({ action: 'chat.mute', targetName: 'Ada', detail: null }).words).toBe('muted the chat of Ada');
    expect(describeAuditEntry({ action: 'lobby.admit', targetName: 'Ben', detail: null }).words).toBe('let Ben in from the lobby');
  });

  it('says "someone" when the target is not named, and stands alone when there is none', () => {
    expect(describeAuditEntry({ action: 'chat.mute', targetName: null, detail: null }).words).toBe('muted the chat of someone');
    expect(describeAuditEntry({ action: 'room.controls', targetName: null, detail: null }).words).toBe('changed the room controls');
  });

  it('names every action the server records, and every detail it adds, in words (never a raw code)', () => {
    for (const action of AUDIT_ACTIONS) {
      for (const detail of SERVER_DETAILS[action] ?? [null, 'some detail']) {
        const text = line({ action, targetName: 'Ada', detail });
        expect(text, `${action} with ${String(detail)}`).not.toMatch(RAW_CODE);
        expect(text).not.toContain(action);
      }
    }
  });

  it('says which question action a moderator took, from its code alone', () => {
    expect(describeAuditEntry({ action: 'question.moderate', targetName: 'Ada', detail: 'pin' })).toEqual({
      words: 'pinned a question by Ada',
      detail: null,
    });
    expect(describeAuditEntry({ action: 'question.moderate', targetName: null, detail: 'answer-live' })).toEqual({
      words: 'marked a question by someone as being answered live',
      detail: null,
    });
  });

  it('says what was done to someone’s media', () => {
    expect(describeAuditEntry({ action: 'media.stop', targetName: 'Ada', detail: 'muted microphone' })).toEqual({
      words: 'muted the microphone of Ada',
      detail: null,
    });
    expect(describeAuditEntry({ action: 'media.stop', targetName: 'Ada', detail: 'stopped screen' }).words).toBe(
      'stopped the screen share of Ada',
    );
  });

  it('puts an action it does not know (from a newer server) in words too', () => {
    const text = line({ action: 'future.thing-done' as AuditAction, targetName: null, detail: null });
    expect(text).toBe('took a moderation action (future thing done)');
  });
});
