import { describe, expect, it } from 'vitest';
import { asPeerId, type PeerId } from '../../shared/ids.js';
import { Stage } from './stage.js';

/**
 * Raised hands in the order clients show them: by the time each went up
 * (the server makes those times distinct and increasing).
 */
function handQueue(stage: Stage, ids: PeerId[] = [a, b, c]): PeerId[] {
  return ids
    .flatMap((id) => {
      const place = stage.place(id);
      return place.name !== 'stage' && place.handRaisedAt !== null ? [{ id, at: place.handRaisedAt }] : [];
    })
    .sort((x, y) => x.at - y.at)
    .map((entry) => entry.id);
}

const a = asPeerId('a');
const b = asPeerId('b');
const c = asPeerId('c');

describe('Stage', () => {
  it('seats stage roles on stage up to the limit, then in the audience', () => {
    const stage = new Stage(2);
    expect(stage.admit(a, true)).toBe('stage');
    expect(stage.admit(b, true)).toBe('stage');
    expect(stage.admit(c, true)).toBe('audience');
    expect(stage.stageCount).toBe(2);
  });

  it('keeps hands in the order they went up; raising twice keeps the first place', () => {
    const stage = new Stage(12);
    for (const id of [a, b, c]) stage.admit(id, false);
    stage.raiseHand(b, 10);
    stage.raiseHand(a, 20);
    stage.raiseHand(b, 30);
    stage.raiseHand(c, 25);
    expect(handQueue(stage)).toEqual([b, a, c]);
    stage.lowerHand(a);
    expect(handQueue(stage)).toEqual([b, c]);
  });

  it('orders hands raised in the same millisecond by arrival, with distinct times', () => {
    const stage = new Stage(12);
    for (const id of [a, b, c]) stage.admit(id, false);
    stage.raiseHand(c, 5);
    stage.raiseHand(a, 5);
    stage.raiseHand(b, 5);
    expect(handQueue(stage)).toEqual([c, a, b]);
    expect(new Set([a, b, c].map((id) => (stage.place(id) as { handRaisedAt: number }).handRaisedAt)).size).toBe(3);
  });

  it('invite → accept puts a person on stage and takes their hand down', () => {
    const stage = new Stage(12);
    stage.admit(a, false);
    stage.raiseHand(a, 1);
    stage.invite(a);
    expect(stage.place(a)).toEqual({ name: 'invited', handRaisedAt: 1 });
    expect(stage.seat(a)).toBe('audience');
    expect(stage.respond(a, true)).toBe('stage');
    expect(handQueue(stage, [a])).toEqual([]);
  });

  it('invite → decline returns to the audience with the hand still up', () => {
    const stage = new Stage(12);
    stage.admit(a, false);
    stage.raiseHand(a, 1);
    stage.invite(a);
    expect(stage.respond(a, false)).toBe('audience');
    expect(stage.place(a)).toEqual({ name: 'audience', handRaisedAt: 1 });
  });

  it('refuses what does not fit the state', () => {
    const stage = new Stage(1);
    stage.admit(a, true);
    stage.admit(b, false);
    expect(() => stage.raiseHand(a, 1)).toThrow(/on stage/);
    expect(() => stage.invite(a)).toThrow(/already on stage/);
    expect(() => stage.invite(b)).toThrow(/full/);
    expect(() => stage.respond(b, true)).toThrow(/no invitation/);
    expect(() => stage.toAudience(b)).toThrow(/not on stage/);
    expect(() => stage.seat(c)).toThrow(/no such person/);
  });

  it('an invitation accepted after the stage filled up is refused and leaves the person in the audience', () => {
    const stage = new Stage(1);
    stage.admit(a, false);
    stage.invite(a);
    stage.admit(b, true);
    expect(() => stage.respond(a, true)).toThrow(/filled up/);
    expect(stage.seat(a)).toBe('audience');
  });

  it('sending someone to the audience frees their place on stage', () => {
    const stage = new Stage(1);
    stage.admit(a, true);
    stage.admit(b, false);
    stage.toAudience(a);
    expect(stage.seat(a)).toBe('audience');
    stage.invite(b);
    expect(stage.respond(b, true)).toBe('stage');
  });
});
