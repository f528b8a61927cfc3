import type { Seat } from '../../../shared/events.js';
import type { DevicesOn } from '../store/localMediaSlice.js';

/**
 * How a (re)join puts us on our seat, which decides what is sent:
 * - `audience`: nothing is sent, devices close;
 * - `back`: on stage again as before (a reconnection, a move between rooms
 *   from one stage to another, a moderator back on the main stage after
 *   listening in on a group from its audience): what was on comes back on,
 *   nothing else;
 * - `invited`: brought up from the audience in the same room (a stage
 *   invitation, accepted live or while reconnecting): camera and
 *   microphone turn on, as the invitation said;
 * - `group`: arrived in a buzz group's stage from a seat that sent nothing:
 *   only what the person chose (see {@link devicesOnArrival}).
 */
export type SeatArrival = 'audience' | 'back' | 'invited' | 'group';

/** Where a (re)join took us. */
export interface ArrivalPlace {
  /** A buzz group's room. */
  isGroupRoom: boolean;
  /**
   * Another room than the one we were in (into a group, back to the main
   * session, a moderator's visit): no stage invitation comes along.
   */
  isMove: boolean;
}

export function arrivalOf(previousSeat: Seat | null, seat: Seat, { isGroupRoom, isMove }: ArrivalPlace): SeatArrival {
  if (seat !== 'stage') return 'audience';
  if (previousSeat !== 'audience') return 'back';
  if (isGroupRoom) return 'group';
  // Only an accepted invitation brings someone from the audience onto the stage of the same room.
  return isMove ? 'back' : 'invited';
}

/** What to turn on when arriving on a stage seat, and whether to ask about the rest. */
export interface ArrivalPlan extends DevicesOn {
  /** Offer to turn on what stays off ("Turn on camera", "Stay off"). */
  shouldAsk: boolean;
}

/**
 * What a new stage seat sends. A buzz group never turns a device on by
 * itself: someone who joined with the camera off ("nothing is sent") arrives
 * with it off, and is asked — unless they already answered in an earlier
 * group, whose answer `chosen` holds, like their pre-join choice. An
 * accepted stage invitation turns both on.
 */
export function devicesOnArrival(arrival: 'invited' | 'group', chosen: DevicesOn, hasAnswered: boolean): ArrivalPlan {
  if (arrival === 'invited') return { isCameraOn: true, isMicOn: true, shouldAsk: false };
  const { isCameraOn, isMicOn } = chosen;
  return { isCameraOn, isMicOn, shouldAsk: !hasAnswered && (!isCameraOn || !isMicOn) };
}
