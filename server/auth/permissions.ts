import type { Role } from '../../shared/events.js';

/**
 * What each role may do. The foundation lets every signed-in person take part
 * fully (join, send and receive media); the webinar roles narrow this.
 */
export const PERMISSIONS = {
  'room:join': ['participant', 'speaker', 'moderator'],
  'room:leave': ['participant', 'speaker', 'moderator'],
  'media:receive': ['participant', 'speaker', 'moderator'],
  'media:send': ['participant', 'speaker', 'moderator'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
