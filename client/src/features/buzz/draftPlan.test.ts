import { describe, expect, it } from 'vitest';
import type { BuzzRound } from '../../../../shared/buzz.js';
import { moveInPlan, planOf, unplacedOf } from './draftPlan.js';

const amina = { userId: 'u-amina', displayName: 'Amina' };
const bo = { userId: 'u-bo', displayName: 'Bo' };
const chen = { userId: 'u-chen', displayName: 'Chen' };

const draft: BuzzRound = {
  roundId: 'r1',
  phase: 'draft',
  method: 'balanced',
  lateArrivals: 'assign',
  selfSelectCap: null,
  startedAt: null,
  endsAt: null,
  returnAt: null,
  groups: [
    { index: 0, roomId: null, name: 'Group 1', prompt: '', facilitatorUserId: amina.userId, memberCount: 1, members: [amina], helpRequestedAt: null, helpRequestedBy: null },
    { index: 1, roomId: null, name: 'Group 2', prompt: '', facilitatorUserId: null, memberCount: 1, members: [bo], helpRequestedAt: null, helpRequestedBy: null },
  ],
  unassigned: [chen],
};

describe('the draft plan', () => {
  it('moves someone between groups, dropping them as facilitator of the group they left', () => {
    const moved = moveInPlan(planOf(draft), amina, 1);
    expect(moved[0]).toMatchObject({ members: [], facilitatorUserId: null });
    expect(moved[1]!.members).toEqual([bo, amina]);
  });

  it('lists who is not placed: newcomers, and people taken out of a group', () => {
    const plan = moveInPlan(moveInPlan(planOf(draft), chen, 0), bo, null);
    expect(unplacedOf(plan, draft)).toEqual([bo]);
    expect(unplacedOf(planOf(draft), draft)).toEqual([chen]);
  });
});
