import { describe, expect, it } from 'vitest';
import { safeWebHref, splitSafeLinks, type TextPart } from './safeLinks.js';

const linksOf = (parts: TextPart[]) => parts.filter((part) => part.kind === 'link');
const joined = (parts: TextPart[]) => parts.map((part) => part.text).join('');

describe('splitSafeLinks', () => {
  it('keeps a script tag as plain text', () => {
    const text = '<script>window.__xss=1</script>';
    expect(splitSafeLinks(text)).toEqual([{ kind: 'text', text }]);
  });

  it('keeps an image with an onerror handler as plain text', () => {
    const text = '<img src=x onerror="window.__xss=2">';
    expect(splitSafeLinks(text)).toEqual([{ kind: 'text', text }]);
  });

  it('keeps an svg with an onload handler as plain text', () => {
    const text = '<svg onload="alert(1)"><circle/></svg>';
    expect(splitSafeLinks(text)).toEqual([{ kind: 'text', text }]);
  });

  it('never links a javascript: address, bare or in markdown', () => {
    for (const text of ['javascript:alert(1)', '[click](javascript:window.__xss=3)', 'JaVaScRiPt:alert(document.cookie)']) {
      const parts = splitSafeLinks(text);
      expect(linksOf(parts)).toEqual([]);
      expect(joined(parts)).toBe(text);
    }
  });

  it('never links data:, vbscript:, file: or mailto: addresses', () => {
    const text = 'data:text/html,<b>x</b> vbscript:msgbox(1) file:///etc/passwd mailto:a@example.org a@example.org';
    const parts = splitSafeLinks(text);
    expect(linksOf(parts)).toEqual([]);
    expect(joined(parts)).toBe(text);
  });

  it('links http and https addresses, and bare domains as https', () => {
    const text = 'Slides: https://example.org/slides?page=2#top, notes at http://example.net and www.example.com.';
    const parts = splitSafeLinks(text);
    expect(linksOf(parts)).toEqual([
      { kind: 'link', text: 'https://example.org/slides?page=2#top', href: 'https://example.org/slides?page=2#top' },
      { kind: 'link', text: 'http://example.net', href: 'http://example.net/' },
      { kind: 'link', text: 'www.example.com', href: 'https://www.example.com/' },
    ]);
    expect(joined(parts)).toBe(text);
  });

  it('keeps markup around a link as text, linking only the web address', () => {
    const text = '<a href="javascript:alert(1)"> https://example.org </a>';
    const parts = splitSafeLinks(text);
    expect(linksOf(parts)).toEqual([{ kind: 'link', text: 'https://example.org', href: 'https://example.org/' }]);
    expect(joined(parts)).toBe(text);
  });

  it('leaves an address glued to markup as text rather than guess where it ends', () => {
    const text = '<a href="javascript:alert(1)">https://example.org</a>';
    const parts = splitSafeLinks(text);
    expect(linksOf(parts)).toEqual([]);
    expect(joined(parts)).toBe(text);
  });

  it('returns nothing for an empty text', () => {
    expect(splitSafeLinks('')).toEqual([]);
  });
});

describe('safeWebHref', () => {
  it('accepts http(s) only', () => {
    expect(safeWebHref('HTTPS://Example.org/a')).toBe('https://example.org/a');
    expect(safeWebHref('javascript:alert(1)')).toBeNull();
    expect(safeWebHref(' javascript:alert(1)')).toBeNull();
    expect(safeWebHref('data:text/html,x')).toBeNull();
    expect(safeWebHref('not a url')).toBeNull();
  });
});
