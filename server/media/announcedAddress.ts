import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * The address browsers are told to send media to (the host of the ICE
 * candidates), and how it was chosen, so start-up can say which it is.
 *
 * - `configured`: RTC_ANNOUNCED_IP.
 * - `listen-ip`: RTC_LISTEN_IP names one address, which is announced as is.
 * - `interface`: listening on every address, the machine's primary one
 *   (the interface of the default route, else the first real network card).
 * - `loopback`: no network at all; only Chromium-based browsers on this
 *   machine can connect (Firefox leaves out loopback candidates).
 */
export interface AnnouncedAddress {
  ip: string;
  source: 'configured' | 'listen-ip' | 'interface' | 'loopback';
  /** With `interface`: which one (eth0, wlan0…). */
  interfaceName?: string;
}

export interface AddressChoiceInput {
  /** RTC_ANNOUNCED_IP, if set. */
  configured: string | undefined;
  /** RTC_LISTEN_IP. */
  listenIp: string;
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  /** The interface the default route goes through, when known (Linux). */
  defaultRouteInterface: string | null;
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/**
 * Bridges and virtual cards that hold an address nobody outside can reach
 * (Docker, libvirt, VirtualBox, VMware, LXC, Kubernetes): never the primary
 * address, whatever order the system lists them in.
 */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vboxnet|vmnet|lxcbr|lxdbr|cni|flannel|cali|podman)/;

export function chooseAnnouncedAddress(input: AddressChoiceInput): AnnouncedAddress {
  if (input.configured) return { ip: input.configured, source: 'configured' };
  if (!WILDCARDS.has(input.listenIp)) return { ip: input.listenIp, source: 'listen-ip' };
  const candidates = Object.entries(input.interfaces).flatMap(([name, addresses]) =>
    (addresses ?? [])
      .filter((address) => address.family === 'IPv4' && !address.internal && !isLinkLocal(address.address))
      .map((address) => ({ name, ip: address.address })),
  );
  const primary =
    candidates.find((candidate) => candidate.name === input.defaultRouteInterface) ??
    candidates.find((candidate) => !VIRTUAL_INTERFACE.test(candidate.name)) ??
    candidates[0];
  if (!primary) return { ip: '127.0.0.1', source: 'loopback' };
  return { ip: primary.ip, source: 'interface', interfaceName: primary.name };
}

/** 169.254.0.0/16: what a card gives itself without a network; no browser elsewhere can reach it. */
function isLinkLocal(ip: string): boolean {
  return ip.startsWith('169.254.');
}

/**
 * The interface of the IPv4 default route, read from `/proc/net/route`
 * (Linux); null elsewhere or when there is none. Its destination and mask
 * columns are both 00000000.
 */
export function parseDefaultRouteInterface(procNetRoute: string): string | null {
  for (const line of procNetRoute.split('\n').slice(1)) {
    const [name, destination, , , , , , mask] = line.trim().split(/\s+/);
    if (name && destination === '00000000' && mask === '00000000') return name;
  }
  return null;
}

/** The announced address for this machine, from its own interfaces and routes. */
export function announcedAddressOfThisMachine(configured: string | undefined, listenIp: string): AnnouncedAddress {
  let defaultRouteInterface: string | null = null;
  try {
    defaultRouteInterface = parseDefaultRouteInterface(readFileSync('/proc/net/route', 'utf8'));
  } catch {
    // Not Linux: the first real network card is the best guess.
  }
  return chooseAnnouncedAddress({ configured, listenIp, interfaces: os.networkInterfaces(), defaultRouteInterface });
}

/** Whether only browsers on this machine can reach `ip` (and Firefox not even them). */
export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip === 'localhost';
}

/** The start-up line about media: which address browsers send to, and who can reach it. */
export function describeAnnouncedAddress(announced: AnnouncedAddress): { level: 'info' | 'warn'; message: string } {
  if (isLoopback(announced.ip)) {
    const why =
      announced.source === 'loopback'
        ? 'no network address was found'
        : `${announced.source === 'configured' ? 'RTC_ANNOUNCED_IP' : 'RTC_LISTEN_IP'} is ${announced.ip}`;
    return {
      level: 'warn',
      message:
        `Media is announced on ${announced.ip} because ${why}: only Chromium-based browsers on this machine can send ` +
        'or receive it (Firefox ignores loopback addresses). Set RTC_ANNOUNCED_IP to an address browsers can reach.',
    };
  }
  switch (announced.source) {
    case 'configured':
      return { level: 'info', message: `Media is announced on ${announced.ip} (RTC_ANNOUNCED_IP).` };
    case 'listen-ip':
      return { level: 'info', message: `Media is announced on ${announced.ip} (RTC_LISTEN_IP).` };
    default:
      return {
        level: 'info',
        message:
          `Media is announced on ${announced.ip} (${announced.interfaceName ?? 'this machine'}'s address): browsers on this ` +
          'machine and its network can connect. For browsers elsewhere, set RTC_ANNOUNCED_IP to a public address.',
      };
  }
}
