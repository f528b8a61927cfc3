import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyDirectives } from './securityHeaders.js';

const none = { publicUrl: undefined, frameAncestors: [], connectSources: [] };

describe('contentSecurityPolicyDirectives', () => {
  it('allows nothing inline and nothing foreign by default', () => {
    const directives = contentSecurityPolicyDirectives(none);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives).not.toHaveProperty('upgrade-insecure-requests');
    expect(Object.values(directives).flat().join(' ')).not.toMatch(/unsafe|\*|data:/);
  });

  it('lets pages reach the other processes over HTTP and WebSocket, and this one at its public address', () => {
    const directives = contentSecurityPolicyDirectives({
      ...none,
      publicUrl: 'https://p1.events.example/',
      connectSources: ['https://p1.events.example', 'https://p2.events.example:8443', 'wss://live.events.example'],
    });
    expect(directives['connect-src']).toEqual([
      "'self'",
      'https://p1.events.example',
      'wss://p1.events.example',
      'https://p2.events.example:8443',
      'wss://p2.events.example:8443',
      'wss://live.events.example',
      'https://live.events.example',
    ]);
    // Served over https: anything addressed over http is upgraded rather than sent in the clear.
    expect(directives['upgrade-insecure-requests']).toEqual([]);
  });

  it('lets the organisers listed embed the pages', () => {
    expect(contentSecurityPolicyDirectives({ ...none, frameAncestors: ['https://civicus.org'] })['frame-ancestors']).toEqual([
      'https://civicus.org',
    ]);
  });
});
