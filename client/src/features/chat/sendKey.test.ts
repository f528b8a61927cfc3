import { describe, expect, it } from 'vitest';
import { isSendKey } from './sendKey.js';

const press = (key: string, { shiftKey = false, isComposing = false } = {}) => ({ key, shiftKey, nativeEvent: { isComposing } });

describe('isSendKey', () => {
  it('Enter sends', () => {
    expect(isSendKey(press('Enter'))).toBe(true);
  });

  it('Shift+Enter starts a new line instead', () => {
    expect(isSendKey(press('Enter', { shiftKey: true }))).toBe(false);
  });

  it('Enter that confirms an IME composition does not send', () => {
    expect(isSendKey(press('Enter', { isComposing: true }))).toBe(false);
  });

  it('other keys do not send', () => {
    expect(isSendKey(press('a'))).toBe(false);
  });
});
