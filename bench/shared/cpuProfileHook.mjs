/**
 * Preloaded into the server by a bench's `--profile-server=DIR`
 * (benchServer.ts; NODE_OPTIONS=--import, since Node refuses --cpu-prof there): profiles
 * the whole process and writes DIR/server-<pid>.cpuprofile when it exits,
 * with the wall-clock time the profile started in its name, so that
 * samples can be lined up with the server's log.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  const startedAt = Date.now();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  // An in-process inspector session answers synchronously, so this still runs inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      writeFileSync(path.join(dir, `server-${process.pid}-${startedAt}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
