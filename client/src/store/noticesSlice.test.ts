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
});
