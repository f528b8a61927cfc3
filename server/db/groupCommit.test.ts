import { describe, expect, it } from 'vitest';
import { GroupCommit } from './groupCommit.js';

describe('GroupCommit', () => {
  it('writes the first item at once and those arriving meanwhile together, in order', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const commit = new GroupCommit<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = commit.add(1);
    const rest = [2, 3, 4].map((item) => commit.add(item));
    expect(batches).toEqual([[1]]);
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await commit.add(5);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails single items the writer names', async () => {
    const commit = new GroupCommit<number>(async (items) => items.map((item) => (item % 2 ? undefined : new Error(`no ${item}`))));
    const results = [1, 2, 3].map((item) => commit.add(item).then(() => 'ok', (error: Error) => error.message));
    expect(await Promise.all(results)).toEqual(['ok', 'no 2', 'ok']);
  });

  it('caps a batch, and a failed batch fails its own items only', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const commit = new GroupCommit<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      if (items.includes(3)) throw new Error('no 3');
    }, 2);
    const results = [1, 2, 3, 4, 5].map((item) => commit.add(item).then(() => 'ok', (error: Error) => error.message));
    release();
    expect(await Promise.all(results)).toEqual(['ok', 'no 3', 'no 3', 'ok', 'ok']);
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
  });
});
