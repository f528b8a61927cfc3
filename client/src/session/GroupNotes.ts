import * as Y from 'yjs';
import { NOTES_TEXT } from '../../../shared/buzz.js';
import type { RoomId } from '../../../shared/ids.js';

/** Typing goes out at most this often: one request per burst, well inside the per-socket budget. */
const SEND_DELAY_MS = 200;
/**
 * One request carries at most this much (the server refuses updates over
 * 8 KB); a long paste is inserted in pieces of {@link CHUNK_CHARS} so that
 * every piece's update fits (a UTF-16 unit is at most 3 bytes in UTF-8).
 */
const BATCH_BYTES = 6 * 1024;
const CHUNK_CHARS = 1_800;

/** Marks changes that came from the server, so they are not sent back. */
const FROM_SERVER = Symbol('from-server');

/** What became of one update sent: stored, refused for good, or to be sent again later. */
export type NotesSendResult = 'sent' | 'refused' | 'retry';
export type NotesSender = (update: Uint8Array<ArrayBuffer>) => Promise<NotesSendResult>;

/**
 * A buzz group's notes as this browser edits them: a Yjs document, so
 * everyone's edits merge (Yjs does the merging, never our code). Local
 * changes go out in small batches, others' arrive as updates. Kept across a
 * reconnection to the same group: what the server missed meanwhile is sent
 * again when the group is joined once more ({@link sync}).
 */
export class GroupNotes {
  private readonly doc = new Y.Doc();
  private readonly text = this.doc.getText(NOTES_TEXT);
  private readonly listeners = new Set<() => void>();
  /** Local updates not yet accepted by the server, oldest first. */
  private pending: Uint8Array<ArrayBuffer>[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private isSending = false;
  private isClosed = false;
  /** Whether the last change came from someone else (the pad then keeps the caret where it was). */
  lastChangeWasRemote = false;

  constructor(
    readonly roomId: RoomId,
    private readonly send: NotesSender,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_SERVER) return;
      // Yjs makes its updates on plain ArrayBuffers.
      this.pending.push(update as Uint8Array<ArrayBuffer>);
      this.schedule();
    });
    this.text.observe((event) => {
      this.lastChangeWasRemote = event.transaction.origin === FROM_SERVER;
      for (const listener of this.listeners) listener();
    });
  }

  get value(): string {
    return this.text.toString();
  }

  /** For useSyncExternalStore: called after every change, local or remote. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The server's copy, on joining (or rejoining) the group: merged in, and
   * whatever we wrote that it lacks is sent (again).
   */
  sync(received: Uint8Array | ArrayBuffer | null): void {
    const serverState = received && bytesOf(received);
    if (serverState) Y.applyUpdate(this.doc, serverState, FROM_SERVER);
    const serverVector = serverState ? Y.encodeStateVectorFromUpdate(serverState) : undefined;
    const missing = Y.encodeStateAsUpdate(this.doc, serverVector) as Uint8Array<ArrayBuffer>;
    // The diff replaces whatever was still waiting: it holds all of it.
    this.pending = hasChanges(missing) ? [missing] : [];
    this.schedule();
  }

  /** Someone else's change, relayed by the server. */
  applyRemote(update: Uint8Array | ArrayBuffer): void {
    Y.applyUpdate(this.doc, bytesOf(update), FROM_SERVER);
  }

  /** The pad's new text: turned into the smallest edit (one changed span) of the shared text. */
  replace(next: string): void {
    const current = this.text.toString();
    if (next === current) return;
    const { start, deleteCount, insert } = changedSpan(current, next);
    this.doc.transact(() => {
      if (deleteCount > 0) this.text.delete(start, deleteCount);
      if (insert.length <= CHUNK_CHARS) this.text.insert(start, insert);
    });
    // A long paste: one transaction (one update) per piece, each small enough to send.
    if (insert.length > CHUNK_CHARS) {
      let offset = 0;
      for (const piece of splitText(insert, CHUNK_CHARS)) {
        this.text.insert(start + offset, piece);
        offset += piece.length;
      }
    }
  }

  /** A position in the text that moves with others' edits (the caret, while they type). */
  anchorAt(index: number): Y.RelativePosition {
    return Y.createRelativePositionFromTypeIndex(this.text, index);
  }

  indexOf(anchor: Y.RelativePosition): number | null {
    return Y.createAbsolutePositionFromRelativePosition(anchor, this.doc)?.index ?? null;
  }

  /** Stops sending (the group is left); unsent changes go with it. */
  close(): void {
    this.isClosed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
    this.doc.destroy();
  }

  private schedule(): void {
    if (this.timer !== null || this.isSending || this.isClosed || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, SEND_DELAY_MS);
  }

  private async flush(): Promise<void> {
    if (this.isClosed || this.pending.length === 0) return;
    const batch = takeBatch(this.pending, BATCH_BYTES);
    const update = batch.length === 1 ? batch[0]! : (Y.mergeUpdates(batch) as Uint8Array<ArrayBuffer>);
    this.isSending = true;
    const result = await this.send(update).catch((): NotesSendResult => 'retry');
    this.isSending = false;
    if (this.isClosed) return;
    if (result === 'retry') {
      // Kept, in order; a rejoin's sync() sends them in any case.
      this.pending.unshift(...batch);
      return;
    }
    this.schedule();
  }
}

/**
 * Socket.IO hands binary to the browser as an ArrayBuffer (Node gets a
 * Buffer), whatever the contract's Uint8Array says; Yjs needs the bytes.
 */
function bytesOf(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** Yjs encodes "nothing" as two zero bytes (no structs, no deletions). */
function hasChanges(update: Uint8Array): boolean {
  return update.byteLength > 2;
}

/** Takes updates from the front while they fit in `maxBytes` (always at least one). */
function takeBatch(pending: Uint8Array<ArrayBuffer>[], maxBytes: number): Uint8Array<ArrayBuffer>[] {
  let bytes = 0;
  let count = 0;
  while (count < pending.length && (count === 0 || bytes + pending[count]!.byteLength <= maxBytes)) {
    bytes += pending[count]!.byteLength;
    count += 1;
  }
  return pending.splice(0, count);
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The one span that differs between two texts, never splitting a character made of two UTF-16 units. */
export function changedSpan(current: string, next: string): { start: number; deleteCount: number; insert: string } {
  let start = 0;
  const shortest = Math.min(current.length, next.length);
  while (start < shortest && current.charCodeAt(start) === next.charCodeAt(start)) start += 1;
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start -= 1;
  let currentEnd = current.length;
  let nextEnd = next.length;
  while (currentEnd > start && nextEnd > start && current.charCodeAt(currentEnd - 1) === next.charCodeAt(nextEnd - 1)) {
    currentEnd -= 1;
    nextEnd -= 1;
  }
  if (currentEnd < current.length && isHighSurrogate(current.charCodeAt(currentEnd - 1))) {
    currentEnd += 1;
    nextEnd += 1;
  }
  return { start, deleteCount: currentEnd - start, insert: next.slice(start, nextEnd) };
}

/** Pieces of at most `size` UTF-16 units, cut between characters. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + size, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}
