import unhomoglyph from 'unhomoglyph';
import { AppError } from '../../shared/errors.js';
import type { Role } from '../../shared/events.js';

/** The roles people trust for what they say: a newcomer may not look like one of them. */
const TRUSTED_ROLES: readonly Role[] = ['moderator', 'speaker'];

/** Someone in the room, as the room's peers are. */
export interface PresentPerson {
  identity: { userId: string; displayName: string };
  role: Role;
}

/** Full case folding as far as JavaScript has it (ß → ss, ſ → s, final ς → σ). */
const fold = (text: string): string => text.toUpperCase().toLowerCase();

/**
 * Unicode's confusable skeleton (UTS #39): decomposed, each character
 * replaced by its prototype from confusables.txt (through `unhomoglyph`),
 * decomposed again. Two names with the same skeleton look alike.
 */
const skeleton = (text: string): string => unhomoglyph(text.normalize('NFD')).normalize('NFD');

/**
 * The forms under which a name is compared: NFKC (full-width and other
 * compatibility forms), then the skeleton of the name as written and of its
 * case-folded form, each folded again (the skeleton keeps case: "I" and "l"
 * share one, "i" and "I" do not). Two names clash when they share a form.
 * Names are already cleaned of invisible characters (shared/displayName.ts).
 */
export function nameForms(displayName: string): Set<string> {
  const name = displayName.normalize('NFKC');
  return new Set([fold(skeleton(name)), fold(skeleton(fold(name)))]);
}

/**
 * The forms of names already in rooms, so a join storm compares each newcomer
 * with the stage's few names without working them out again (tens of µs each).
 */
const knownForms = new Map<string, Set<string>>();
const KNOWN_FORMS_LIMIT = 10_000;

function formsOfPresent(displayName: string): Set<string> {
  let forms = knownForms.get(displayName);
  if (!forms) {
    if (knownForms.size >= KNOWN_FORMS_LIMIT) knownForms.clear();
    forms = nameForms(displayName);
    knownForms.set(displayName, forms);
  }
  return forms;
}

const shareAForm = (a: Set<string>, b: Set<string>): boolean => [...a].some((form) => b.has(form));

export function namesLookAlike(a: string, b: string): boolean {
  return shareAForm(nameForms(a), nameForms(b));
}

/**
 * The moderator or speaker present (connected or reconnecting) whose name
 * the joiner's cannot be told from, if any. Moderators are not checked (they
 * hold the room; refusing them would lock organisers out), nor is anyone
 * already in the room (a reconnection keeps its name).
 */
export function findNameClash(
  joiner: PresentPerson['identity'],
  role: Role,
  present: Iterable<PresentPerson>,
): PresentPerson | null {
  if (role === 'moderator') return null;
  const trusted: PresentPerson[] = [];
  for (const person of present) {
    if (person.identity.userId === joiner.userId) return null;
    if (TRUSTED_ROLES.includes(person.role)) trusted.push(person);
  }
  if (trusted.length === 0) return null;
  const joinerForms = nameForms(joiner.displayName);
  return trusted.find((person) => shareAForm(joinerForms, formsOfPresent(person.identity.displayName))) ?? null;
}

/** Refuses a join whose name imitates a moderator's or speaker's in the room (NAME_TAKEN). */
export function assertNameFree(joiner: PresentPerson['identity'], role: Role, present: Iterable<PresentPerson>): void {
  const clash = findNameClash(joiner, role, present);
  if (clash) {
    throw new AppError('NAME_TAKEN', `a ${clash.role} in this session is already called "${clash.identity.displayName}": choose another name`);
  }
}
