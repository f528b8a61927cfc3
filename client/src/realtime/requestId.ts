/**
 * Request ids (shared/conversationSchemas.ts: requestIdSchema): the id the
 * server recognises one action of a person by, so that the action sent
 * again, by an automatic retry or by the person pressing again after a
 * failure, is done once.
 */

/**
 * A new id: 128 random bits as 32 hex digits. `crypto.getRandomValues`, not
 * `randomUUID`: the latter exists only in secure contexts, and a page
 * served over plain HTTP on a local network must still send.
 */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One id per action. An action is named by a key (what it sends: the
 * channel and the text, the question and the vote): sent again while it has
 * not gone through, it keeps its id, so a send that timed out yet reached
 * the server is not done twice; once it went through, the same key is a new
 * action (the person says "yes" a second time).
 */
export class ActionIds {
  private readonly pending = new Map<string, string>();

  constructor(private readonly create: () => string = newRequestId) {}

  /** The id of the action `key` names: the one it had, if it has not gone through yet. */
  idFor(key: string): string {
    let id = this.pending.get(key);
    if (id === undefined) {
      id = this.create();
      this.pending.set(key, id);
    }
    return id;
  }

  /** The action went through: the same key next time is a new action. */
  succeeded(key: string): void {
    this.pending.delete(key);
  }
}
