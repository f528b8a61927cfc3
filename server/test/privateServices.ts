import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import { freePort } from './serverProcess.js';

/**
 * A PostgreSQL or Redis server of one test's own, on a free port with its
 * files in a temporary directory, which the test may break at will: the
 * fault tests kill, stall and restart them under running server processes,
 * which they could never do to the machine's shared servers.
 */
export interface PrivateService {
  /** Where clients connect (for PostgreSQL: its `postgres` database). */
  readonly url: string;
  /** Kills the server outright (SIGKILL), as a crash or an OOM kill would. */
  kill9(): Promise<void>;
  /** Starts it again on the same port (killing it first if it runs); PostgreSQL keeps its data. */
  restart(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and nothing answers, as on a stalled machine. */
  pause(): Promise<void>;
  /** Lets a paused server run again (SIGCONT). */
  resume(): Promise<void>;
  /** Stops it and removes its files; safe to call at any time, more than once. */
  stop(): Promise<void>;
}

/**
 * How long a private server may take to start before the test gives up:
 * PostgreSQL's crash recovery after a kill on a loaded machine takes seconds;
 * the ceiling only catches one that will never be ready.
 */
const START_CEILING_MS = 120_000;
const STOP_CEILING_MS = 30_000;
const POLL_MS = 100;
/** The last part of a server's own output, kept for error messages. */
const OUTPUT_KEPT_CHARS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Servers still running when the test process exits without having stopped
 * them (a test runner killed mid-test): killed and their files removed, so
 * no stray PostgreSQL or Redis keeps loading the machine.
 */
const leftovers = new Map<object, { pids: () => number[]; dir: string }>();
process.once('exit', () => {
  for (const { pids, dir } of leftovers.values()) {
    for (const pid of pids()) signal(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Sends a signal, ignoring a process that is already gone. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** A spawned server and its output, with a promise of its exit. */
interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
}

function run(command: string, args: string[], options: { cwd: string; uid?: number; gid?: number }): Running {
  const child = spawn(command, args, {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // A program that cannot be started at all (not installed) never exits: it fails to spawn.
    child.once('error', (error) => {
      keep(Buffer.from(`\n${String(error)}\n`));
      resolve();
    });
  });
  return { child, exited, output: () => output };
}

const hasEnded = (running: Running) =>
  running.child.exitCode !== null || running.child.signalCode !== null || running.child.pid === undefined;
const isRunning = (running: Running | undefined): running is Running => running !== undefined && !hasEnded(running);

/** Waits until `isReady` resolves true; throws (with the server's output) if it exits or the ceiling passes. */
async function waitUntilReady(running: Running, what: string, isReady: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + START_CEILING_MS;
  for (;;) {
    if (hasEnded(running)) throw new Error(`${what} exited during start-up:\n${running.output()}`);
    if (await isReady()) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${START_CEILING_MS} ms:\n${running.output()}`);
    await sleep(POLL_MS);
  }
}

/** Stops a spawned server with `how`, then SIGKILL if it has not gone within the ceiling. */
async function terminate(running: Running | undefined, how: NodeJS.Signals): Promise<void> {
  if (!isRunning(running)) return;
  running.child.kill(how);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), STOP_CEILING_MS);
  await running.exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- PostgreSQL

/** The newest installed PostgreSQL's programs: Debian keeps them off the PATH. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, 'bin', 'postgres')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  const newest = versions.at(-1);
  if (newest !== undefined) return path.join(root, newest, 'bin');
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'initdb'))) return dir;
  }
  throw new Error('PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on the PATH): bash scripts/system-packages.sh --services');
}

/**
 * PostgreSQL refuses to run as root: as root, the cluster belongs to the
 * `postgres` user the Debian package creates, or else to `nobody` (as
 * scripts/test-services.sh does). Empty for anyone else: their own.
 */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const users = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 4);
  const entry = users.find(([name]) => name === 'postgres') ?? users.find(([name]) => name === 'nobody');
  if (!entry) throw new Error('running as root, and there is neither a postgres nor a nobody user to own the cluster');
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

/** Processes whose parent is `pid` (read from /proc), with their state letter (T: stopped, Z: zombie). */
function childrenOf(pid: number): Array<{ pid: number; state: string }> {
  const children: Array<{ pid: number; state: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // Gone since the directory was read.
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === pid && state !== undefined) children.push({ pid: Number(entry), state });
  }
  return children;
}

function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

export interface PrivatePostgres extends PrivateService {
  /** A URL for another database of this cluster. */
  urlOf(database: string): string;
  /** The postmaster's process id (while it runs). */
  pid(): number | undefined;
}

/**
 * A throwaway PostgreSQL cluster: `initdb` into a temporary directory, then
 * the server on a free port with trust authentication, no fsync and its
 * socket in that directory. The postmaster is this process's own child (not
 * daemonised through pg_ctl), so killing it leaves no process for a
 * container's init to reap, and its pid is at hand for the signals.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const owner = clusterOwner();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'convene-fault-postgres-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const urlOf = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  let server: Running | undefined;
  const key = {};
  leftovers.set(key, { pids: () => (isRunning(server) ? [server.child.pid!, ...childrenOf(server.child.pid!).map((c) => c.pid)] : []), dir });

  const start = async () => {
    // Run from the cluster's own directory: the postgres user may not enter the current one.
    server = run(
      path.join(bin, 'postgres'),
      [
        '-D', dataDir,
        '-c', 'listen_addresses=127.0.0.1',
        '-p', String(port),
        '-k', dir,
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
      ],
      { cwd: dir, ...owner },
    );
    await waitUntilReady(server, `PostgreSQL on port ${port}`, () => answersQuery(urlOf('postgres')));
  };

  /** The postmaster and every process it started (backends, checkpointer, …). */
  const processes = () => {
    if (!isRunning(server)) return [];
    const postmaster = server.child.pid!;
    return [postmaster, ...childrenOf(postmaster).filter((child) => child.state !== 'Z').map((child) => child.pid)];
  };

  const kill9 = async () => {
    if (!isRunning(server)) return;
    // Its children first noted: once the postmaster is dead they belong to init and cannot be told apart.
    const all = processes();
    for (const pid of all) signal(pid, 'SIGKILL');
    await server.exited;
    for (const pid of all.slice(1)) await waitUntilGone(pid);
    // Killed processes leave their lock files behind; the new postmaster would take a zombie's pid for a live server.
    await Promise.all(
      [path.join(dataDir, 'postmaster.pid'), path.join(dir, `.s.PGSQL.${port}.lock`), path.join(dir, `.s.PGSQL.${port}`)].map((file) =>
        unlink(file).catch(() => undefined),
      ),
    );
  };

  const resume = async () => {
    // Repeated until none is left stopped: a child may have been noted only now.
    for (let round = 0; round < 10; round += 1) {
      const stopped = processes().filter((pid) => processState(pid) === 'T');
      if (stopped.length === 0) return;
      for (const pid of stopped) signal(pid, 'SIGCONT');
      await sleep(10);
    }
  };

  try {
    if (owner) await chown(dir, owner.uid, owner.gid);
    const initdb = run(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { cwd: dir, ...owner },
    );
    await initdb.exited;
    if (initdb.child.exitCode !== 0) throw new Error(`initdb failed:\n${initdb.output()}`);
    await start();
  } catch (error) {
    await terminate(server, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
    leftovers.delete(key);
    throw error;
  }

  return {
    url: urlOf('postgres'),
    urlOf,
    pid: () => (isRunning(server) ? server.child.pid : undefined),
    kill9,
    async restart() {
      await kill9();
      await start();
    },
    async pause() {
      const postmaster = server?.child.pid;
      if (!isRunning(server) || postmaster === undefined) throw new Error('PostgreSQL is not running');
      // The postmaster first, so that it starts no child meanwhile; then its children until none runs.
      signal(postmaster, 'SIGSTOP');
      for (let round = 0; round < 10; round += 1) {
        const running = childrenOf(postmaster).filter((child) => child.state !== 'T' && child.state !== 'Z');
        if (running.length === 0) return;
        for (const child of running) signal(child.pid, 'SIGSTOP');
        await sleep(10);
      }
    },
    resume,
    async stop() {
      if (!leftovers.has(key)) return;
      await resume();
      // Immediate shutdown (SIGQUIT): the data is thrown away anyway.
      await terminate(server, 'SIGQUIT');
      await rm(dir, { recursive: true, force: true });
      leftovers.delete(key);
    },
  };
}

async function answersQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitUntilGone(pid: number): Promise<void> {
  const deadline = Date.now() + STOP_CEILING_MS;
  // A zombie is dead: its parent (init, in a container perhaps one that never reaps) holds only its exit status.
  while (Date.now() < deadline) {
    const state = processState(pid);
    if (state === undefined || state === 'Z') return;
    await sleep(POLL_MS / 10);
  }
}

// --------------------------------------------------------------------- Redis

export interface PrivateRedis extends PrivateService {
  /** redis-server's process id (while it runs). */
  pid(): number | undefined;
}

/** A redis-server of the test's own: free port, no persistence (a restart starts empty). */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'convene-fault-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: Running | undefined;
  const key = {};
  leftovers.set(key, { pids: () => (isRunning(server) ? [server.child.pid!] : []), dir });

  const start = async () => {
    server = run(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir],
      { cwd: dir },
    );
    await waitUntilReady(server, `Redis on port ${port}`, () => answersPing(url));
  };
  const kill9 = async () => {
    if (!isRunning(server)) return;
    server.child.kill('SIGKILL');
    await server.exited;
  };
  const resume = async () => {
    if (isRunning(server)) server.child.kill('SIGCONT');
  };

  try {
    await start();
  } catch (error) {
    await terminate(server, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
    leftovers.delete(key);
    throw new Error(`${String(error)}\n(is redis-server installed? bash scripts/system-packages.sh --services)`, { cause: error });
  }

  return {
    url,
    pid: () => (isRunning(server) ? server.child.pid : undefined),
    kill9,
    async restart() {
      await kill9();
      await start();
    },
    async pause() {
      if (!isRunning(server)) throw new Error('Redis is not running');
      server.child.kill('SIGSTOP');
    },
    resume,
    async stop() {
      if (!leftovers.has(key)) return;
      await resume();
      await terminate(server, 'SIGTERM');
      await rm(dir, { recursive: true, force: true });
      leftovers.delete(key);
    },
  };
}

async function answersPing(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 5_000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.quit().catch(() => undefined);
  }
}
