/** Thrown by MediaClient calls that outlive its `close()`; callers drop the result. */
export class MediaClosedError extends Error {
  constructor() {
    super('media client closed');
    this.name = 'MediaClosedError';
  }
}
