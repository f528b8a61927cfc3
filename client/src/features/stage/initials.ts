/** A letter of any script; digits, punctuation, symbols and emoji are not. */
const LETTER = /^\p{L}/u;

/** Whole user-perceived characters, so an accent or a vowel sign stays with its letter. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The initials an avatar shows: the first letter of each of the first two
 * words that contain a letter ("(Ana) Lopez!" → "AL"). Null when the name has
 * no letter at all (only emoji or digits): the avatar then shows a neutral
 * icon rather than a stray symbol.
 */
export function initialsOf(name: string): string | null {
  const initials: string[] = [];
  for (const word of name.trim().split(/\s+/u)) {
    const letter = firstLetterOf(word);
    if (letter) initials.push(letter);
    if (initials.length === 2) break;
  }
  return initials.length > 0 ? initials.join('').toLocaleUpperCase() : null;
}

function firstLetterOf(word: string): string | null {
  for (const { segment } of graphemes.segment(word)) {
    if (LETTER.test(segment)) return segment;
  }
  return null;
}
