import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSegmentFiles, parseSegmentList, segmentListPath } from './segmentFiles.js';

describe('segment files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'convene-segments-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads ffmpeg\u2019s list of closed segments, skipping a line cut short by a crash', () => {
    const list = parseSegmentList('run-0001-00000.webm,0.000000,1.797000\n/x/run-0001-00001.webm,1.797000,3.799000\nrun-0001-00002.webm,3.7');
    expect([...list]).toEqual([
      ['run-0001-00000.webm', { startSeconds: 0, endSeconds: 1.797 }],
      ['run-0001-00001.webm', { startSeconds: 1.797, endSeconds: 3.799 }],
    ]);
  });

  it('lists every run\u2019s segments in recording order, complete only when listed, ignoring other files', async () => {
    for (const name of ['run-0002-00000.webm', 'run-0001-00001.webm', 'run-0001-00000.webm', 'notes.txt', 'run-1-0.webm']) {
      await writeFile(path.join(dir, name), 'x');
    }
    await writeFile(segmentListPath(dir, 1), 'run-0001-00000.webm,0.0,2.0\n');
    const segments = await listSegmentFiles(dir);
    expect(segments.map(({ run, index, isComplete }) => [run, index, isComplete])).toEqual([
      [1, 0, true],
      [1, 1, false],
      [2, 0, false],
    ]);
    expect(segments[0]).toMatchObject({ startSeconds: 0, endSeconds: 2 });
  });
});
