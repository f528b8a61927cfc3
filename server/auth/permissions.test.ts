import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/events.js';
import { hasPermission, PERMISSIONS, type Permission } from './permissions.js';

describe('permissions', () => {
  it('lets every role take part in a room', () => {
    for (const role of ROLES) {
      for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
        expect(hasPermission(role, permission)).toBe(true);
      }
    }
  });

  it('refuses a role that is not listed', () => {
    expect(hasPermission('ghost' as never, 'room:join')).toBe(false);
  });
});
