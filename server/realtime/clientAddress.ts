import type { IncomingHttpHeaders } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * What a request says about where it came from: an HTTP request, or the one
 * that opened a socket (Socket.IO's `socket.request`).
 */
export interface RequestOrigin {
  /** The TCP peer: the client itself, or the last proxy in front of us. */
  socket: { remoteAddress?: string | undefined };
  /** X-Forwarded-For, as received (several headers joined by commas). */
  headers: IncomingHttpHeaders;
}

/**
 * The client's network address. X-Forwarded-For is written by whoever sends
 * the request, so only the entries the operator's own proxies appended are
 * believed: with `trustedProxies` proxies in front (TRUST_PROXY), the address
 * is the one that many hops from the right. Without proxies the header is
 * ignored (anyone could send one to get a fresh rate budget).
 */
export function clientAddress(request: RequestOrigin, trustedProxies: number): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (trustedProxies === 0) return peer;
  const forwardedFor = request.headers['x-forwarded-for'];
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = [
    ...header
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    peer,
  ];
  // hops[last] is the TCP peer (our nearest proxy); each trusted proxy vouches for the hop before it.
  return hops[Math.max(0, hops.length - 1 - trustedProxies)]!;
}

/**
 * The key one network's budget is counted under: an IPv4 address (also
 * when written IPv4-mapped, ::ffff:a.b.c.d), or an IPv6 /64 — one home or
 * one host gets a whole /64, so counting single IPv6 addresses would give
 * every attacker billions of budgets.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, without leading zeros ("2001:db8::1" → 2001, db8, 0, …, 1). */
function expandIPv6(address: string): string[] {
  const withoutZone = address.split('%')[0]!;
  const [head = '', tail] = withoutZone.split('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const front = groupsOf(head);
  const back = tail === undefined ? [] : groupsOf(tail);
  const zeros = Array.from({ length: Math.max(0, 8 - front.length - back.length) }, () => '0');
  return [...front, ...zeros, ...back].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
