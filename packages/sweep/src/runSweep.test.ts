import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers.js';
import { expandSweep } from './expandSweep.js';
import { openSweepStore } from './openSweepStore.js';
import { parseSweepSpec } from './parseSweepSpec.js';
import { runSweep } from './runSweep.js';

const dir = tempDir();

const widths = parseSweepSpec({
  study: 'laws',
  axes: [{ name: 'width', field: 'net', template: 'relu:2-{}-1', values: [1, 2, 3, 'x', 4] }],
  outputs: ['D', 'laws'],
});

describe('runSweep (worker threads)', () => {
  it('records one row per job: laws of relu:2-W-1 are D = 3W and W (MATH.md §5: one law per hidden neuron); a bad job is a failed row and the others still run', async () => {
    const store = await openSweepStore(join(dir, 'widths.duckdb'));
    const r = await runSweep(widths, { store, workers: 2 });
    expect(r).toMatchObject({
      planned: 5,
      skipped: 0,
      done: 4,
      failed: 1,
      remaining: 0,
      stopped: false,
      workers: 2,
    });
    const rows = await store.query(
      'SELECT "axis.width" AS w, status, error, "out.D" AS D, "out.laws" AS laws, attempts FROM jobs ORDER BY job',
    );
    expect(rows.filter((x) => x.status === 'done').map((x) => [x.w, x.D, x.laws])).toEqual([
      ['1', 3, 1],
      ['2', 6, 2],
      ['3', 9, 3],
      ['4', 12, 4],
    ]);
    const bad = rows.find((x) => x.status === 'failed')!;
    expect(bad.w).toBe('x');
    expect(bad.error).toMatch(/^net 'relu:2-x-1': /);
    expect(new Set(rows.map((x) => x.attempts))).toEqual(new Set([1]));
    // Only the kept outputs became columns.
    expect((await store.columns()).filter((c) => c.path.startsWith('out.')).map((c) => c.path)).toEqual([
      'out.D',
      'out.laws',
    ]);
    await store.close();
  });
  it('a rerun skips every finished key; with retryFailed it reruns the failed job only (still one row per key)', async () => {
    const store = await openSweepStore(join(dir, 'widths.duckdb'));
    const again = await runSweep(widths, { store, workers: 1 });
    expect(again).toMatchObject({ planned: 5, skipped: 5, done: 0, failed: 0, remaining: 0 });
    const retry = await runSweep(widths, { store, workers: 1, retryFailed: true });
    expect(retry).toMatchObject({ skipped: 4, done: 0, failed: 1 });
    expect(
      await store.query('SELECT count(*)::INTEGER AS n, count(DISTINCT key)::INTEGER AS k FROM jobs'),
    ).toEqual([{ n: 5, k: 5 }]);
    expect(await store.query('SELECT run, done, failed, skipped FROM runs ORDER BY run')).toEqual([
      { run: 1, done: 4, failed: 1, skipped: 0 },
      { run: 2, done: 0, failed: 0, skipped: 5 },
      { run: 3, done: 0, failed: 1, skipped: 4 },
    ]);
    await store.close();
  });
  it('drain stops taking jobs and keeps what finished; the rerun resumes without redoing them and completes the key set', async () => {
    const spec = parseSweepSpec({
      study: 'laws',
      // the exact Lie trace on these nets takes 30-200 ms a job: progress (every 100 ms) reports, and the
      // drain lands, long before the last job
      base: { points: 8, method: 'lie-trace' },
      axes: [{ name: 'seed', field: 'net', template: 'relu:8-{}-12-3', range: { start: 2, stop: 14 } }],
    });
    const keys = new Set(expandSweep(spec).jobs.map((j) => j.key));
    const store = await openSweepStore(join(dir, 'drain.duckdb'));
    const drain = new AbortController();
    const first = await runSweep(spec, {
      store,
      workers: 1,
      drain: drain.signal,
      onProgress: (p) => {
        if (p.done >= 2) drain.abort();
      },
    });
    expect(first.stopped).toBe(true);
    expect(first.done).toBeGreaterThanOrEqual(2);
    expect(first.remaining).toBe(12 - first.done);
    expect(store.counts().done).toBe(first.done);
    const second = await runSweep(spec, { store, workers: 2 });
    expect(second).toMatchObject({
      skipped: first.done,
      done: 12 - first.done,
      remaining: 0,
      stopped: false,
    });
    const rows = await store.query('SELECT key, run FROM jobs');
    expect(new Set(rows.map((x) => x.key))).toEqual(keys);
    expect(rows).toHaveLength(12);
    expect(rows.filter((x) => x.run === 1)).toHaveLength(first.done);
    await store.close();
  });
  it('signal stops at once: running jobs are stopped and not recorded', async () => {
    const spec = parseSweepSpec({
      study: 'laws',
      // the exact Lie trace (D = 1650, 90 000 paths: seconds); method auto would count structurally
      base: { method: 'lie-trace' },
      axes: [{ name: 'n', field: 'net', template: 'relu:20-30-30-{}', values: [5, 6] }],
    });
    const store = await openSweepStore(join(dir, 'abort.duckdb'));
    const r = await runSweep(spec, { store, workers: 2, signal: AbortSignal.timeout(300) });
    expect(r).toMatchObject({ done: 0, failed: 0, remaining: 2, stopped: true });
    expect(store.counts()).toEqual({ done: 0, failed: 0 });
    await store.close();
  });
  it("a job past the spec's timeout has its thread stopped and is recorded as failed; the others are done", async () => {
    const spec = parseSweepSpec({
      study: 'laws',
      // the exact Lie trace (D = 1650, 90 000 paths: seconds); method auto would count structurally
      base: { method: 'lie-trace' },
      timeout: 0.3,
      axes: [{ name: 'net', values: ['relu:20-30-30-5', 'relu:2-2-1', 'relu:2-3-1'] }],
      outputs: ['laws'],
    });
    const store = await openSweepStore(join(dir, 'timeout.duckdb'));
    const r = await runSweep(spec, { store, workers: 1 });
    expect(r).toMatchObject({ done: 2, failed: 1 });
    const [slow] = await store.query(
      `SELECT error, duration_ms FROM jobs WHERE "axis.net" = 'relu:20-30-30-5'`,
    );
    expect(slow!.error).toBe('timed out after 0.300 s (its thread was stopped)');
    expect(slow!.duration_ms).toBeGreaterThanOrEqual(300);
    await store.close();
  });
});
