import { describe, expect, it } from 'vitest';
import { chatBodySchema } from './conversationSchemas.js';

describe('written text', () => {
  it('trims, keeps line breaks and tabs, and normalises Windows line endings', () => {
    expect(chatBodySchema.parse('  hello\r\n\tworld  ')).toBe('hello\n\tworld');
  });

  it('keeps markup as plain text (clients never interpret it)', () => {
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    expect(chatBodySchema.parse(payload)).toBe(payload);
  });

  it('refuses empty text, control characters and text over the limit', () => {
    expect(chatBodySchema.safeParse('   ').success).toBe(false);
    expect(chatBodySchema.safeParse('a\u0000b').success).toBe(false);
    expect(chatBodySchema.safeParse('red \u001b[31m').success).toBe(false);
    expect(chatBodySchema.safeParse('x'.repeat(2001)).success).toBe(false);
    expect(chatBodySchema.safeParse('x'.repeat(2000)).success).toBe(true);
  });
});
