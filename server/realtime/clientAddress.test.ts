import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './clientAddress.js';

/** A request from `remoteAddress` with this X-Forwarded-For, as Node hands it over. */
const from = (remoteAddress: string, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe("a client's network address", () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(from('203.0.113.7', '10.9.9.9'), 0)).toBe('203.0.113.7');
  });

  it("believes only the hops the operator's own proxies appended", () => {
    // A client sent a forged first entry; our one proxy appended the real address.
    expect(clientAddress(from('10.0.0.2', '198.51.100.99, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(from('10.0.0.3', ['198.51.100.99, 203.0.113.7', '10.0.0.2']), 2)).toBe('203.0.113.7');
    // Fewer hops than trusted proxies: the furthest one known.
    expect(clientAddress(from('10.0.0.2'), 3)).toBe('10.0.0.2');
  });
});

describe('the key an address is counted under', () => {
  it('is the IPv4 address, also when written IPv4-mapped', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the /64 of an IPv6 address, however it is written', () => {
    expect(addressKey('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
