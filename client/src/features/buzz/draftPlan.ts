import type { BuzzMember, BuzzRound } from '../../../../shared/buzz.js';

/** One group of the moderator's plan, as edited before it starts. */
export interface PlannedGroup {
  name: string;
  prompt: string;
  facilitatorUserId: string | null;
  members: BuzzMember[];
}

export function planOf(round: BuzzRound): PlannedGroup[] {
  return round.groups.map((group) => ({
    name: group.name,
    prompt: group.prompt,
    facilitatorUserId: group.facilitatorUserId,
    members: group.members ?? [],
  }));
}

/** Everyone the plan could place and does not: the server's list of people in the main session, less those placed here. */
export function unplacedOf(plan: PlannedGroup[], round: BuzzRound): BuzzMember[] {
  const placed = new Set(plan.flatMap((group) => group.members.map((member) => member.userId)));
  const seen = new Set<string>();
  const unplaced: BuzzMember[] = [];
  // Someone taken out of a group here is still someone to place, even if the server's list predates it.
  const candidates = [...(round.unassigned ?? []), ...round.groups.flatMap((group) => group.members ?? [])];
  for (const person of candidates) {
    if (placed.has(person.userId) || seen.has(person.userId)) continue;
    seen.add(person.userId);
    unplaced.push(person);
  }
  return unplaced;
}

/** The plan with one person moved into a group (or out of every group: null). */
export function moveInPlan(plan: PlannedGroup[], person: BuzzMember, toGroup: number | null): PlannedGroup[] {
  return plan.map((group, index) => {
    const members = group.members.filter((member) => member.userId !== person.userId);
    const facilitatorUserId = group.facilitatorUserId === person.userId && index !== toGroup ? null : group.facilitatorUserId;
    return { ...group, facilitatorUserId, members: index === toGroup ? [...members, person] : members };
  });
}
