import type { KeyboardEvent } from 'react';

/** What of a key press in a message box decides whether it sends. */
type MessageKeyPress = Pick<KeyboardEvent, 'key' | 'shiftKey'> & { nativeEvent: { isComposing: boolean } };

/**
 * Enter sends, Shift+Enter starts a new line. Enter also confirms a word in
 * IME composition (Chinese, Japanese, …): not a send.
 */
export function isSendKey(event: MessageKeyPress): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing;
}
