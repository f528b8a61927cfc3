import { describe, expect, it } from 'vitest';
import { createMemberLinks } from './memberLinks.js';

describe('mailing-list member links', () => {
  const links = createMemberLinks('server secret');
  const id = '0b7f3c1e-2d4a-4f5b-8c6d-7e8f9a0b1c2d';

  it('signs a member’s id: the same token each time, accepted for that id only', () => {
    const token = links.token(id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(links.token(id)).toBe(token);
    expect(links.isValid(id, token)).toBe(true);
    expect(links.isValid('1b7f3c1e-2d4a-4f5b-8c6d-7e8f9a0b1c2d', token)).toBe(false);
  });

  it('refuses a token from another secret, a changed one, or one of another length', () => {
    const token = links.token(id);
    expect(links.isValid(id, createMemberLinks('another secret').token(id))).toBe(false);
    expect(links.isValid(id, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(links.isValid(id, token.slice(1))).toBe(false);
    expect(links.isValid(id, '')).toBe(false);
  });

  it('puts the id and its token in a link’s query', () => {
    expect(links.query(id)).toBe(`m=${id}&t=${links.token(id)}`);
  });
});
