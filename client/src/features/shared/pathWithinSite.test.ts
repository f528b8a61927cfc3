import { describe, expect, it } from 'vitest';
import { pathWithinSite } from './pathWithinSite.js';

describe('pathWithinSite', () => {
  it('follows a page of this site, with its query, and nothing else', () => {
    expect(pathWithinSite('/r/people-power')).toBe('/r/people-power');
    expect(pathWithinSite('/s/42?tab=people')).toBe('/s/42?tab=people');
    expect(pathWithinSite('//evil.example/r/x')).toBeNull();
    expect(pathWithinSite('/\\evil.example')).toBeNull();
    expect(pathWithinSite('https://evil.example')).toBeNull();
    expect(pathWithinSite('javascript:alert(1)')).toBeNull();
    expect(pathWithinSite('')).toBeNull();
    expect(pathWithinSite(null)).toBeNull();
  });
});
