import type { SessionLine } from '../../../../shared/registration.js';

/**
 * A session with no place left to give: an offer holds its place until it
 * is taken or lapses, so offers count as taken. No capacity: never full.
 */
export function isSessionFull(line: Pick<SessionLine, 'capacity' | 'registered' | 'offered'>): boolean {
  return line.capacity !== null && line.registered + line.offered >= line.capacity;
}
