import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { chooseAnnouncedAddress, describeAnnouncedAddress, isLoopback, parseDefaultRouteInterface } from './announcedAddress.js';

const v4 = (address: string, internal = false): os.NetworkInterfaceInfo => ({
  address,
  internal,
  family: 'IPv4',
  netmask: '255.255.255.0',
  mac: '00:00:00:00:00:00',
  cidr: `${address}/24`,
});

const v6 = (address: string): os.NetworkInterfaceInfo => ({
  address,
  internal: false,
  family: 'IPv6',
  netmask: 'ffff:ffff:ffff:ffff::',
  mac: '00:00:00:00:00:00',
  cidr: `${address}/64`,
  scopeid: 0,
});

const laptop = {
  lo: [v4('127.0.0.1', true)],
  docker0: [v4('172.17.0.1')],
  wlan0: [v4('169.254.10.4'), v6('fd00::2'), v4('192.168.1.23')],
  eth1: [v4('10.0.0.5')],
};

describe('chooseAnnouncedAddress', () => {
  it('announces RTC_ANNOUNCED_IP when it is set', () => {
    expect(
      chooseAnnouncedAddress({ configured: 'media.example.org', listenIp: '0.0.0.0', interfaces: laptop, defaultRouteInterface: 'wlan0' }),
    ).toEqual({ ip: 'media.example.org', source: 'configured' });
  });

  it('announces a listen address that names one interface as it is', () => {
    expect(chooseAnnouncedAddress({ configured: undefined, listenIp: '10.0.0.5', interfaces: laptop, defaultRouteInterface: null })).toEqual({
      ip: '10.0.0.5',
      source: 'listen-ip',
    });
  });

  it("listening everywhere, announces the default route's IPv4 address, never loopback, link-local or IPv6", () => {
    expect(chooseAnnouncedAddress({ configured: undefined, listenIp: '0.0.0.0', interfaces: laptop, defaultRouteInterface: 'wlan0' })).toEqual({
      ip: '192.168.1.23',
      source: 'interface',
      interfaceName: 'wlan0',
    });
    expect(chooseAnnouncedAddress({ configured: undefined, listenIp: '::', interfaces: laptop, defaultRouteInterface: 'eth1' })).toMatchObject({
      ip: '10.0.0.5',
    });
  });

  it('without a known default route, skips bridges such as Docker for the first real card', () => {
    expect(chooseAnnouncedAddress({ configured: undefined, listenIp: '0.0.0.0', interfaces: laptop, defaultRouteInterface: null })).toEqual({
      ip: '192.168.1.23',
      source: 'interface',
      interfaceName: 'wlan0',
    });
    // A bridge is still better than nothing.
    expect(
      chooseAnnouncedAddress({ configured: undefined, listenIp: '0.0.0.0', interfaces: { lo: laptop.lo, docker0: laptop.docker0 }, defaultRouteInterface: null }),
    ).toMatchObject({ ip: '172.17.0.1', source: 'interface' });
  });

  it('falls back to loopback on a machine with no network, and says so', () => {
    const offline = { lo: [v4('127.0.0.1', true)] };
    const chosen = chooseAnnouncedAddress({ configured: undefined, listenIp: '0.0.0.0', interfaces: offline, defaultRouteInterface: null });
    expect(chosen).toEqual({ ip: '127.0.0.1', source: 'loopback' });
    expect(isLoopback(chosen.ip)).toBe(true);
    expect(isLoopback('192.168.1.23')).toBe(false);
  });
});

describe('parseDefaultRouteInterface', () => {
  it("finds the default route's interface in /proc/net/route", () => {
    const table = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
      'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0',
      'wlan0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0',
    ].join('\n');
    expect(parseDefaultRouteInterface(table)).toBe('wlan0');
    expect(parseDefaultRouteInterface(table.split('\n').filter((line) => !line.includes('0101A8C0')).join('\n'))).toBeNull();
  });
});

describe('describeAnnouncedAddress', () => {
  it('says which address and who can connect; warns when only this machine can', () => {
    expect(describeAnnouncedAddress({ ip: '192.168.1.23', source: 'interface', interfaceName: 'wlan0' })).toEqual({
      level: 'info',
      message: expect.stringContaining("Media is announced on 192.168.1.23 (wlan0's address)"),
    });
    expect(describeAnnouncedAddress({ ip: '203.0.113.7', source: 'configured' }).message).toContain('RTC_ANNOUNCED_IP');
    for (const loopback of [{ ip: '127.0.0.1', source: 'loopback' }, { ip: '127.0.0.1', source: 'listen-ip' }] as const) {
      const line = describeAnnouncedAddress(loopback);
      expect(line.level).toBe('warn');
      expect(line.message).toMatch(/only Chromium-based browsers on this machine.*Set RTC_ANNOUNCED_IP/);
    }
  });
});
