/**
 * What a display name may show. Names are written by anyone and shown to
 * everyone, next to moderators' and speakers' names, so nothing in them may
 * hide, reorder or imitate: invisible and formatting characters are taken
 * out, spaces are collapsed. The server applies this to every name it
 * issues (shared/http.ts); the pre-join form applies it too, so people see
 * the name others will see. Plain code, no zod: the client bundle uses it.
 */

/** Longest display name, in UTF-16 code units, after cleaning. */
export const DISPLAY_NAME_MAX_LENGTH = 60;

/** Longest name accepted before cleaning: bounds the work done on what anyone posts. */
export const DISPLAY_NAME_MAX_INPUT_LENGTH = 200;

/**
 * Emoji sequences are kept whole: a family or a profession is one emoji made
 * of several joined by U+200D (ZWJ), each maybe with a skin tone or U+FE0F,
 * and a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿) carries tag characters. Both are
 * formatting characters that are stripped everywhere else (a flag's tags are
 * a region code, a few letters: never a hidden message). Written without the
 * `v` flag's \p{RGI_Emoji}, which older browsers cannot even load.
 */
const EMOJI =
  /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{2,7}\u{E007F}|\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]?(?:\u200D\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]?)*/gu;

/**
 * Invisible in a name: control and formatting characters (Cc, Cf: bidi
 * overrides and isolates, marks such as U+200E/U+200F/U+061C, zero-width
 * spaces and joiners, U+2060–U+2064, U+FEFF, U+00AD, U+180E, tags, …) and
 * every other default-ignorable code point (Hangul fillers, U+034F, …).
 * Variation selectors are default-ignorable too; see VARIATION_SELECTOR.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** Whitespace of any kind, and the blank braille pattern, which looks like a space. */
const SPACE = /[\p{White_Space}\u2800]/u;

/** Text and ideographic variation selectors. */
const VARIATION_SELECTOR = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

/** A character a variation selector can apply to (a letter, digit, symbol or punctuation mark). */
const SELECTABLE_BASE = /[\p{L}\p{N}\p{S}\p{P}]/u;

const ZWNJ = '\u200C';
const ZWJ = '\u200D';

/**
 * Zero-width joiners are also spelling in some scripts, where the name
 * reads differently without them (in the spirit of IDNA's CONTEXTJ rule,
 * RFC 5892): after a combining mark such as a virama before a letter
 * (Sinhala ශ්‍රී, Devanagari half forms), and the non-joiner between two
 * Arabic-script letters (Persian names such as علی‌رضا). There they are kept.
 */
function isSpellingJoiner(joiner: string, before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  if (/\p{M}/u.test(before) && /\p{L}/u.test(after)) return true;
  return joiner === ZWNJ && /\p{Script=Arabic}/u.test(before) && /\p{Script=Arabic}/u.test(after);
}

/** Strips what does not show from a run of text that holds no emoji. */
function cleanText(text: string): string {
  const chars = [...text];
  let kept = '';
  let previous: string | undefined;
  chars.forEach((char, index) => {
    if (VARIATION_SELECTOR.test(char)) {
      // Kept after a character it can vary; alone (at the start, after a space or another selector) it only hides.
      if (previous !== undefined && SELECTABLE_BASE.test(previous)) kept += char;
      previous = char;
      return;
    }
    if (char === ZWJ || char === ZWNJ) {
      if (isSpellingJoiner(char, previous, chars[index + 1])) kept += char;
      return;
    }
    if (SPACE.test(char)) {
      kept += ' ';
      previous = ' ';
      return;
    }
    if (INVISIBLE.test(char)) return;
    kept += char;
    previous = char;
  });
  return kept;
}

/**
 * The name as everyone will see it: NFC, invisible characters stripped
 * (emoji sequences kept whole), runs of whitespace collapsed to one space,
 * trimmed. May be empty: a name of only invisible characters is no name.
 */
export function cleanDisplayName(raw: string): string {
  const text = raw.normalize('NFC');
  let cleaned = '';
  let from = 0;
  for (const match of text.matchAll(EMOJI)) {
    cleaned += cleanText(text.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  cleaned += cleanText(text.slice(from));
  return cleaned.replace(/ {2,}/g, ' ').trim();
}

/** Why a name cannot be used (in the words of the pre-join form), or null when it can. */
export function displayNameProblem(raw: string): 'empty' | 'too-long' | null {
  const name = cleanDisplayName(raw.slice(0, DISPLAY_NAME_MAX_INPUT_LENGTH + 1));
  if (name.length === 0) return 'empty';
  if (name.length > DISPLAY_NAME_MAX_LENGTH || raw.length > DISPLAY_NAME_MAX_INPUT_LENGTH) return 'too-long';
  return null;
}
