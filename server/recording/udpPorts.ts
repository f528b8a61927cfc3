/** UDP ports for ffmpeg's RTP input: finding a free pair, and knowing when ffmpeg listens on them. */
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';

const POLL_MS = 20;

/**
 * A free UDP port whose successor is free too (ffmpeg takes RTP on the port
 * and RTCP on the next). They are released before ffmpeg binds them: a
 * process taking one meanwhile makes ffmpeg fail, and the run is retried.
 */
export async function reservePortPair(ip: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const rtp = dgram.createSocket(ip.includes(':') ? 'udp6' : 'udp4');
    const rtcp = dgram.createSocket(ip.includes(':') ? 'udp6' : 'udp4');
    try {
      const port = await bind(rtp, 0);
      if (port >= 65_535) continue;
      await bind(rtcp, port + 1);
      return port;
    } catch {
      // The successor was taken: try another pair.
    } finally {
      await Promise.all([rtp, rtcp].map(closeQuietly));
    }
  }
  throw new Error('no free UDP port pair for ffmpeg');
}

function bind(socket: dgram.Socket, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    // ffmpeg binds the wildcard address, so the pair must be free there.
    socket.bind(port, () => {
      socket.off('error', reject);
      resolve(socket.address().port);
    });
  });
}

function closeQuietly(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // never bound
    }
  });
}

/**
 * Resolves once every port is bound (by the process we started); rejects if
 * `gone` settles first with why it went, or after `timeoutMs`. Reads the
 * kernel's socket tables, so Linux only.
 */
export async function waitForUdpPorts(ports: number[], gone: Promise<string>, timeoutMs: number): Promise<void> {
  let why: string | undefined;
  void gone.then((value) => (why = value));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (why !== undefined) throw new Error(`exited before listening: ${why}`);
    const bound = await boundUdpPorts();
    if (ports.every((port) => bound.has(port))) return;
    if (Date.now() > deadline) throw new Error(`UDP ports ${ports.join(', ')} were not bound in time`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function boundUdpPorts(): Promise<Set<number>> {
  const ports = new Set<number>();
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      const hexPort = local?.slice(local.lastIndexOf(':') + 1);
      if (hexPort) ports.add(parseInt(hexPort, 16));
    }
  }
  return ports;
}
