import { Fragment, useMemo } from 'react';
import { EXTERNAL_LINK, splitSafeLinks } from './safeLinks.js';

/**
 * What someone wrote, as text: React text nodes, plus `<a>` for http(s)
 * addresses. Never markup, never images: see safeLinks.ts.
 */
export function MessageText({ text }: { text: string }) {
  const parts = useMemo(() => splitSafeLinks(text), [text]);
  return (
    <>
      {parts.map((part, index) =>
        part.kind === 'link' ? (
          <a key={index} href={part.href} target={EXTERNAL_LINK.target} rel={EXTERNAL_LINK.rel}>
            {part.text}
          </a>
        ) : (
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
