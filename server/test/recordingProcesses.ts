import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The capture ffmpegs of one recording, read from /proc: their input is the
 * SDP in the recording's directory (packaging's ffmpeg, which reads the
 * segments, is not one). With `parent`, only those that process started, so
 * a test kills only its own.
 */
export async function captureFfmpegsOf(recordingId: string, parent?: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      const isCapture = args.some((arg) => arg.endsWith('.sdp') && arg.includes(recordingId));
      if (!path.basename(args[0] ?? '').startsWith('ffmpeg') || !isCapture) continue;
      if (parent !== undefined && parentOf(await readFile(`/proc/${entry}/stat`, 'utf8')) !== parent) continue;
      pids.push(Number(entry));
    } catch {
      // It exited while being read.
    }
  }
  return stillRunning(pids);
}

/** Those of the processes still running (an exited one nobody reaped yet is a zombie: not running). */
export async function stillRunning(pids: number[]): Promise<number[]> {
  const running: number[] = [];
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat !== null && fieldsAfterName(stat)[0] !== 'Z') running.push(pid);
  }
  return running;
}

/** The codecs of a media file's streams, sorted (ffprobe). */
export async function codecsOf(file: string): Promise<string[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'json', file]);
  return (JSON.parse(stdout) as { streams: { codec_name: string }[] }).streams.map((stream) => stream.codec_name).sort();
}

/** /proc/<pid>/stat after "pid (name) ", which may itself hold spaces: state, parent pid, … */
function fieldsAfterName(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function parentOf(stat: string): number {
  return Number(fieldsAfterName(stat)[1]);
}
