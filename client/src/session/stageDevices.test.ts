import { describe, expect, it } from 'vitest';
import { arrivalOf, devicesOnArrival } from './stageDevices.js';

const off = { isCameraOn: false, isMicOn: false };
const cameraOnly = { isCameraOn: true, isMicOn: false };
const both = { isCameraOn: true, isMicOn: true };

describe('what a new stage seat sends', () => {
  it('sends nothing in a buzz group for someone who chose devices off, and asks', () => {
    expect(devicesOnArrival('group', off, false)).toEqual({ isCameraOn: false, isMicOn: false, shouldAsk: true });
  });

  it('turns on in a group only what was chosen (pre-join or an earlier group), and asks about the rest until answered', () => {
    expect(devicesOnArrival('group', cameraOnly, false)).toEqual({ isCameraOn: true, isMicOn: false, shouldAsk: true });
    expect(devicesOnArrival('group', cameraOnly, true)).toEqual({ isCameraOn: true, isMicOn: false, shouldAsk: false });
    expect(devicesOnArrival('group', off, true)).toEqual({ isCameraOn: false, isMicOn: false, shouldAsk: false });
    expect(devicesOnArrival('group', both, false)).toEqual({ isCameraOn: true, isMicOn: true, shouldAsk: false });
  });

  it('turns both on for an accepted stage invitation, whatever the choice', () => {
    expect(devicesOnArrival('invited', off, false)).toEqual({ isCameraOn: true, isMicOn: true, shouldAsk: false });
  });
});

describe('how a (re)join puts us on our seat', () => {
  const rejoin = (isGroupRoom: boolean) => ({ isGroupRoom, isMove: false });
  const move = (isGroupRoom: boolean) => ({ isGroupRoom, isMove: true });

  it('from the audience into a buzz group is a group arrival, not an invitation', () => {
    expect(arrivalOf('audience', 'stage', move(true))).toBe('group');
    expect(arrivalOf('audience', 'stage', rejoin(true))).toBe('group');
  });

  it('from the audience onto the stage of the same room is an accepted stage invitation (live, or while reconnecting)', () => {
    expect(arrivalOf('audience', 'stage', rejoin(false))).toBe('invited');
  });

  it('back from listening in on a group (its audience) to the main stage keeps what was on, turning nothing else on', () => {
    expect(arrivalOf('audience', 'stage', move(false))).toBe('back');
  });

  it('from a stage to a stage (reconnection, group to group, back on the main stage) keeps what was on', () => {
    expect(arrivalOf('stage', 'stage', move(true))).toBe('back');
    expect(arrivalOf('stage', 'stage', rejoin(true))).toBe('back');
    expect(arrivalOf('stage', 'stage', move(false))).toBe('back');
    expect(arrivalOf(null, 'stage', rejoin(false))).toBe('back');
  });

  it('into the audience sends nothing', () => {
    expect(arrivalOf('stage', 'audience', move(false))).toBe('audience');
    expect(arrivalOf('stage', 'audience', rejoin(true))).toBe('audience');
    expect(arrivalOf(null, 'audience', rejoin(false))).toBe('audience');
  });
});
