import { describe, expect, it } from 'vitest';
import { createAppStore } from './appStore.js';

describe('notices slice: notices with an action', () => {
  it('keeps the action, and a newer notice leading to the same place replaces the older one', () => {
    const store = createAppStore();
    const toAda = { kind: 'open-chat', view: { kind: 'thread', userId: 'ada' } } as const;
    store.getState().addNotice('Ada wrote', toAda);
    store.getState().addNotice('A poll opened');
    store.getState().addNotice('Ben wrote', { kind: 'open-chat', view: { kind: 'thread', userId: 'ben' } });
    store.getState().addNotice('Ada wrote again', toAda);
    expect(store.getState().notices.map((n) => [n.text, n.action?.kind ?? null])).toEqual([
      ['A poll opened', null],
      ['Ben wrote', 'open-chat'],
      ['Ada wrote again', 'open-chat'],
    ]);
  });

  it('takes away the notices that would open a conversation once it is on screen, and only those', () => {
    const store = createAppStore();
    store.getState().addNotice('Moderator Mo answered you privately.', { kind: 'open-chat', view: { kind: 'moderators' } });
    store.getState().addNotice('Ada sent the moderators a private message.', { kind: 'open-chat', view: { kind: 'thread', userId: 'ada' } });
    store.getState().addNotice('Bo raised a hand', { kind: 'show-hands' });
    store.getState().addNotice('Recording started');
    store.getState().dismissNoticesOpening('moderators');
    expect(store.getState().notices.map((n) => n.text)).toEqual([
      'Ada sent the moderators a private message.',
      'Bo raised a hand',
      'Recording started',
    ]);
    store.getState().dismissNoticesOpening('thread:ada');
    expect(store.getState().notices.map((n) => n.text)).toEqual(['Bo raised a hand', 'Recording started']);
  });
});
