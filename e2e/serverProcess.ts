import { readdirSync, readFileSync } from 'node:fs';

/**
 * Finds the mediasoup worker processes of the server this run started (Linux
 * /proc): the children of the process whose environment has our DATA_DIR.
 * Playwright does not expose the web server's pid.
 */
export function mediaWorkerPids(dataDir: string): number[] {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const server = pids.find((pid) => readProc(pid, 'environ').split('\0').includes(`DATA_DIR=${dataDir}`) && isNode(pid));
  if (server === undefined) return [];
  return pids.filter((pid) => parentOf(pid) === server && readProc(pid, 'comm').trim().startsWith('mediasoup-work'));
}

function isNode(pid: number): boolean {
  return readProc(pid, 'comm').trim() === 'node';
}

function parentOf(pid: number): number | null {
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const stat = readProc(pid, 'stat');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const parent = Number(fields[1]);
  return Number.isInteger(parent) ? parent : null;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // gone, or not ours to read
  }
}
