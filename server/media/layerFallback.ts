/**
 * How high a viewer's simulcast layer may go, given what the viewer asked
 * for (its tile size) and how well its stream is arriving.
 *
 * mediasoup's bandwidth estimate already lowers layers when the estimate
 * falls, but a link that drops packets without looking congested (a lossy
 * mobile or satellite link, a policer) can keep it high: the viewer then
 * gets a frozen picture instead of a smaller one. The consumer's score
 * (0–10, from the viewer's receiver reports) shows that loss, so this
 * policy caps the layer at the lowest one while the score is poor, and
 * lifts the cap only after the score has stayed good for a while, so one
 * good report does not bounce the viewer back onto a layer it cannot carry.
 * Pure: fed scores and times, no mediasoup inside.
 */
export class LayerFallback {
  private wanted: number;
  private isDegraded = false;
  private goodSince: number | null = null;

  constructor(
    wantedLayer: number,
    private readonly options = { poorScore: 5, goodScore: 9, recoverAfterMs: 10_000 },
  ) {
    this.wanted = wantedLayer;
  }

  /** The layer to prefer now. */
  get layer(): number {
    return this.isDegraded ? 0 : this.wanted;
  }

  get degraded(): boolean {
    return this.isDegraded;
  }

  /** The viewer asked for another layer (its tile changed size). */
  want(layer: number): void {
    this.wanted = layer;
  }

  /**
   * While a recovery is pending, how long until it is due. mediasoup reports
   * a score only when it changes, so a steady good score needs a re-check.
   */
  recoveryDueIn(now: number): number | null {
    if (!this.isDegraded || this.goodSince === null) return null;
    return Math.max(0, this.goodSince + this.options.recoverAfterMs - now);
  }

  /** A new score of the viewer's stream; returns true when the layer to prefer changed. */
  score(score: number, now: number): boolean {
    const before = this.layer;
    if (score <= this.options.poorScore) {
      this.isDegraded = true;
      this.goodSince = null;
    } else if (this.isDegraded && score >= this.options.goodScore) {
      this.goodSince ??= now;
      if (now - this.goodSince >= this.options.recoverAfterMs) {
        this.isDegraded = false;
        this.goodSince = null;
      }
    } else {
      this.goodSince = null;
    }
    return this.layer !== before;
  }
}
