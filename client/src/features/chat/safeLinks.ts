/**
 * Splits what someone wrote into plain text and web links, for rendering as
 * React text nodes and `<a>` elements only: nothing written is ever parsed
 * as markup. Only http: and https: addresses become links; any other scheme
 * (javascript:, data:, vbscript:, file:, mailto:, …) stays text.
 */
import { tokenize } from 'linkifyjs';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const WEB_SCHEMES = new Set(['http:', 'https:']);

/** Attributes every link to a written address gets: a new tab, no referrer, no endorsement. */
export const EXTERNAL_LINK = { target: '_blank', rel: 'noopener noreferrer nofollow ugc' } as const;

/**
 * The parts of `text`, in order; joined, their texts give back `text`.
 *
 * @example
 * splitSafeLinks('see example.org')
 * // [{ kind: 'text', text: 'see ' }, { kind: 'link', text: 'example.org', href: 'https://example.org/' }]
 */
export function splitSafeLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const pushText = (value: string) => {
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += value;
    else if (value) parts.push({ kind: 'text', text: value });
  };
  for (const token of tokenize(text)) {
    const value = token.toString();
    const href = token.isLink ? safeWebHref(token.toHref('https')) : null;
    if (href) parts.push({ kind: 'link', text: value, href });
    else pushText(value);
  }
  return parts;
}

/** The address normalised by the URL parser if it is an http(s) one; null otherwise. */
export function safeWebHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  return WEB_SCHEMES.has(url.protocol) ? url.href : null;
}
