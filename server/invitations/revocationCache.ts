/**
 * Whether invitations were revoked, remembered so that joining a room reads
 * the database at most once per invitation every few seconds, whatever the
 * number of joins. A revocation is final, so a revoked invitation is
 * remembered for good; one that was not is asked again after `ttlMs` (other
 * server processes may revoke it: they are heard within that time).
 */
export class RevocationCache {
  private readonly entries = new Map<string, { isRevoked: boolean; until: number }>();
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(
    private readonly lookup: (invitationId: string) => Promise<boolean>,
    private readonly options: { ttlMs: number; maxEntries: number; now?: () => number },
  ) {}

  async isRevoked(invitationId: string): Promise<boolean> {
    const now = this.now();
    const entry = this.entries.get(invitationId);
    if (entry && entry.until > now) return entry.isRevoked;
    // Many joins with one invitation at once (a panel reconnecting) share one query.
    let asked = this.pending.get(invitationId);
    if (!asked) {
      asked = this.lookup(invitationId).finally(() => this.pending.delete(invitationId));
      this.pending.set(invitationId, asked);
    }
    const isRevoked = await asked;
    this.remember(invitationId, isRevoked);
    return isRevoked;
  }

  /** This process revoked it: no need to ask. */
  markRevoked(invitationId: string): void {
    this.remember(invitationId, true);
  }

  private remember(invitationId: string, isRevoked: boolean): void {
    this.entries.delete(invitationId);
    this.entries.set(invitationId, { isRevoked, until: isRevoked ? Infinity : this.now() + this.options.ttlMs });
    // Oldest first (a Map keeps insertion order): bounded however many links are used.
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
