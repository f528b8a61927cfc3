import * as Y from 'yjs';
import { BUZZ_GROUP_LIMITS, NOTES_TEXT } from '../../shared/buzz.js';
import { AppError } from '../../shared/errors.js';
import type { BuzzRepository } from '../db/buzzRepository.js';
import type { Logger } from '../logger.js';

/** Typing is saved this long after the last change, so a burst is one write. */
const SAVE_DELAY_MS = 300;

interface OpenNotes {
  doc: Y.Doc;
  /** About how large the document is, to refuse growth past the cap without encoding it each time. */
  bytes: number;
  saveTimer: NodeJS.Timeout | null;
  saving: Promise<void>;
}

/**
 * Every group's notes pad: a Yjs document per group, merged on the server
 * (Yjs does the merging; we never merge text ourselves), relayed to the
 * group by the caller, and saved as people type.
 */
export class NotesHub {
  private readonly open = new Map<string, Promise<OpenNotes>>();

  constructor(private readonly deps: { buzzRounds: BuzzRepository; logger: Logger }) {}

  /**
   * The whole document so far, as one update a newcomer applies; null while
   * nobody has written (a join answer without bytes is encoded much more
   * cheaply, and a whole session enters fresh groups at once).
   */
  async state(roundId: string, groupIndex: number): Promise<Uint8Array | null> {
    const notes = await this.load(roundId, groupIndex);
    return notes.bytes === 0 ? null : Y.encodeStateAsUpdate(notes.doc);
  }

  /** Applies one member's change; INVALID_PAYLOAD if it is not a Yjs update or the notes would grow too large. */
  async apply(roundId: string, groupIndex: number, update: Uint8Array): Promise<void> {
    try {
      // Decoding first: a malformed update is refused before it can touch the document.
      Y.decodeUpdate(update);
    } catch {
      throw new AppError('INVALID_PAYLOAD', 'not a notes update');
    }
    const notes = await this.load(roundId, groupIndex);
    if (notes.bytes + update.byteLength > BUZZ_GROUP_LIMITS.maxNotesBytes) {
      throw new AppError('INVALID_PAYLOAD', 'the notes are too long');
    }
    try {
      Y.applyUpdate(notes.doc, update);
    } catch {
      throw new AppError('INVALID_PAYLOAD', 'not a notes update');
    }
    notes.bytes += update.byteLength;
    this.scheduleSave(roundId, groupIndex, notes);
  }

  /** Saves every group's pending notes of a round now and forgets them (the round is over). */
  async close(roundId: string): Promise<void> {
    const keys = [...this.open.keys()].filter((key) => key.startsWith(`${roundId}:`));
    await Promise.all(
      keys.map(async (key) => {
        const notes = await this.open.get(key)!;
        this.open.delete(key);
        if (notes.saveTimer) {
          clearTimeout(notes.saveTimer);
          notes.saveTimer = null;
          const groupIndex = Number(key.slice(roundId.length + 1));
          notes.saving = notes.saving.then(() => this.save(roundId, groupIndex, notes));
        }
        await notes.saving;
      }),
    );
  }

  private load(roundId: string, groupIndex: number): Promise<OpenNotes> {
    const key = `${roundId}:${groupIndex}`;
    let notes = this.open.get(key);
    if (!notes) {
      notes = (async () => {
        const doc = new Y.Doc();
        const saved = await this.deps.buzzRounds.notes(roundId, groupIndex);
        if (saved) Y.applyUpdate(doc, saved);
        return { doc, bytes: saved?.byteLength ?? 0, saveTimer: null, saving: Promise.resolve() };
      })();
      this.open.set(key, notes);
      notes.catch(() => this.open.delete(key));
    }
    return notes;
  }

  private scheduleSave(roundId: string, groupIndex: number, notes: OpenNotes): void {
    if (notes.saveTimer) return;
    notes.saveTimer = setTimeout(() => {
      notes.saveTimer = null;
      notes.saving = notes.saving.then(() => this.save(roundId, groupIndex, notes));
    }, SAVE_DELAY_MS);
  }

  private async save(roundId: string, groupIndex: number, notes: OpenNotes): Promise<void> {
    const state = Y.encodeStateAsUpdate(notes.doc);
    notes.bytes = state.byteLength;
    try {
      await this.deps.buzzRounds.saveNotes(roundId, groupIndex, state, notes.doc.getText(NOTES_TEXT).toString());
    } catch (error) {
      this.deps.logger.error({ err: error, roundId, groupIndex }, 'notes not saved');
    }
  }
}
