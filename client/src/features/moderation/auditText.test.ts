import { describe, expect, it } from 'vitest';
import type { AuditAction } from '../../../../shared/conversation.js';
import { describeAuditAction } from './auditText.js';

describe('describeAuditAction', () => {
  it('puts the action in words around whom it was done to', () => {
    expect(describeAuditAction({ action: 'chat.mute', targetName: 'Ada' })).toBe('muted the chat of Ada');
    expect(describeAuditAction({ action: 'lobby.admit', targetName: 'Ben' })).toBe('let Ben in from the lobby');
  });

  it('says "someone" when the target is not named, and stands alone when there is none', () => {
    expect(describeAuditAction({ action: 'question.moderate', targetName: null })).toBe('moderated a question by someone');
    expect(describeAuditAction({ action: 'room.controls', targetName: null })).toBe('changed the room controls');
  });

  it('shows an action it does not know as it came', () => {
    expect(describeAuditAction({ action: 'future.thing' as AuditAction, targetName: null })).toBe('future.thing');
  });
});
