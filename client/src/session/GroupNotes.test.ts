import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { BUZZ_GROUP_LIMITS, NOTES_TEXT } from '../../../shared/buzz.js';
import type { RoomId } from '../../../shared/ids.js';
import { changedSpan, GroupNotes, splitText, type NotesSendResult } from './GroupNotes.js';

const ROOM = 'buzz-1-0' as RoomId;

/** The server's side as NotesHub keeps it: one document; each accepted update relayed to the others. */
function createGroup() {
  const server = new Y.Doc();
  const pads: GroupNotes[] = [];
  const sent: Uint8Array[] = [];
  let answer: NotesSendResult = 'sent';
  const join = () => {
    const pad: GroupNotes = new GroupNotes(ROOM, (update) => {
      if (answer !== 'sent') return Promise.resolve(answer);
      if (update.byteLength > BUZZ_GROUP_LIMITS.maxNotesUpdateBytes) return Promise.resolve('refused');
      sent.push(update);
      Y.applyUpdate(server, update);
      for (const other of pads) if (other !== pad) other.applyRemote(update);
      return Promise.resolve('sent');
    });
    pads.push(pad);
    pad.sync(Y.encodeStateAsUpdate(server));
    return pad;
  };
  return {
    join,
    sent,
    serverText: () => server.getText(NOTES_TEXT).toString(),
    answerWith: (result: NotesSendResult) => (answer = result),
  };
}

describe('GroupNotes', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('merges two people typing at once, and the server holds the same text', async () => {
    const group = createGroup();
    const amina = group.join();
    const bo = group.join();
    amina.replace('Land rights');
    bo.replace('Water');
    await vi.runAllTimersAsync();
    expect(amina.value).toBe(bo.value);
    expect(amina.value).toContain('Land rights');
    expect(amina.value).toContain('Water');
    expect(group.serverText()).toBe(amina.value);
  });

  it('sends a burst of typing as one update', async () => {
    const group = createGroup();
    const pad = group.join();
    for (const text of ['C', 'Co', 'Com', 'Comm', 'Commons']) pad.replace(text);
    await vi.runAllTimersAsync();
    expect(group.sent).toHaveLength(1);
    expect(group.serverText()).toBe('Commons');
  });

  it('sends a long paste in pieces the server accepts', async () => {
    const group = createGroup();
    const pad = group.join();
    const paste = 'Civic space is shrinking. 🌍 '.repeat(900);
    pad.replace(paste);
    await vi.runAllTimersAsync();
    expect(group.sent.length).toBeGreaterThan(1);
    for (const update of group.sent) expect(update.byteLength).toBeLessThanOrEqual(BUZZ_GROUP_LIMITS.maxNotesUpdateBytes);
    expect(group.serverText()).toBe(paste);
  });

  it('keeps what could not be sent and sends it when the group is joined again', async () => {
    const group = createGroup();
    const pad = group.join();
    group.answerWith('retry');
    pad.replace('Written while offline');
    await vi.runAllTimersAsync();
    expect(group.serverText()).toBe('');
    group.answerWith('sent');
    pad.sync(null);
    await vi.runAllTimersAsync();
    expect(group.serverText()).toBe('Written while offline');
  });

  it('takes the server’s bytes as the browser’s Socket.IO hands them (an ArrayBuffer)', () => {
    const server = new Y.Doc();
    server.getText(NOTES_TEXT).insert(0, 'From the server');
    const state = Y.encodeStateAsUpdate(server);
    const pad = new GroupNotes(ROOM, () => Promise.resolve('sent'));
    pad.sync(state.slice().buffer);
    expect(pad.value).toBe('From the server');
  });

  it('keeps the caret anchored while someone else types before it', async () => {
    const group = createGroup();
    const amina = group.join();
    const bo = group.join();
    amina.replace('ab');
    await vi.runAllTimersAsync();
    const caret = bo.anchorAt(1);
    amina.replace('XYZab');
    await vi.runAllTimersAsync();
    expect(bo.lastChangeWasRemote).toBe(true);
    expect(bo.indexOf(caret)).toBe(4);
  });
});

describe('changedSpan', () => {
  it('finds the one span that differs', () => {
    expect(changedSpan('hello world', 'hello brave world')).toEqual({ start: 6, deleteCount: 0, insert: 'brave ' });
    expect(changedSpan('hello world', 'hello')).toEqual({ start: 5, deleteCount: 6, insert: '' });
    expect(changedSpan('abc', 'axc')).toEqual({ start: 1, deleteCount: 1, insert: 'x' });
  });

  it('never splits a character made of two UTF-16 units', () => {
    // 😀 and 😃 share their first unit; the change must cover the whole character.
    expect(changedSpan('a😀b', 'a😃b')).toEqual({ start: 1, deleteCount: 2, insert: '😃' });
    expect(splitText('ab😀cd', 3)).toEqual(['ab', '😀c', 'd']);
  });
});
