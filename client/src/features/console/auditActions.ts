/**
 * The event audit log's action codes (written by server/console/
 * registrationConsoleRoutes.ts, callConsoleRoutes.ts and
 * mailingListConsoleRoutes.ts) and the text key each is said by
 * (`console.activity.actions.*`). A code this client does not know yet (a
 * newer server) has no key: shown as it is.
 */
const ACTION_KEYS = {
  'export-registrations': 'exportRegistrations',
  'export-session-registrations': 'exportSessionRegistrations',
  'export-applications': 'exportApplications',
  'export-mailing-list': 'exportMailingList',
  'send-announcement': 'sendAnnouncement',
} as const;

export type AuditActionKey = (typeof ACTION_KEYS)[keyof typeof ACTION_KEYS];

export function auditActionKey(action: string): AuditActionKey | null {
  // Own keys only: a code such as "toString" must not find the prototype's.
  return Object.hasOwn(ACTION_KEYS, action) ? ACTION_KEYS[action as keyof typeof ACTION_KEYS] : null;
}
