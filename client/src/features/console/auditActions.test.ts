import { describe, expect, it } from 'vitest';
import { auditActionKey } from './auditActions.js';

describe('auditActionKey', () => {
  it('names the text of each action the server logs', () => {
    expect(auditActionKey('export-registrations')).toBe('exportRegistrations');
    expect(auditActionKey('export-session-registrations')).toBe('exportSessionRegistrations');
    expect(auditActionKey('export-applications')).toBe('exportApplications');
    expect(auditActionKey('export-mailing-list')).toBe('exportMailingList');
    expect(auditActionKey('send-announcement')).toBe('sendAnnouncement');
  });

  it('has no text for an action it does not know, however it is spelt', () => {
    expect(auditActionKey('delete-everything')).toBeNull();
    expect(auditActionKey('toString')).toBeNull();
    expect(auditActionKey('')).toBeNull();
  });
});
