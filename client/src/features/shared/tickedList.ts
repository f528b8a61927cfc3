/**
 * Boxes ticked from a list, as a form field holds them: one string, an
 * entry a line (a topic's name may hold commas, never a line break), in
 * the order ticked (the first language ticked is the preferred one).
 */
const SEPARATOR = '\n';

export const joinTicked = (entries: readonly string[]): string => entries.join(SEPARATOR);

export const tickedOf = (field: string): string[] => (field ? field.split(SEPARATOR) : []);

/** Ticks or unticks an entry: a new one goes last, the others keep their order. */
export function toggleTicked(field: string, entry: string, isTicked: boolean): string {
  const others = tickedOf(field).filter((each) => each !== entry);
  return joinTicked(isTicked ? [...others, entry] : others);
}
