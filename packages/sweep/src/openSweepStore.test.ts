import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { row, tempDir } from '../test/helpers.js';
import { openSweepStore } from './openSweepStore.js';
import { SweepStoreError } from './SweepStoreError.js';

const dir = tempDir();

describe('openSweepStore', () => {
  it('flattens inputs, axes and results into typed columns; D and d get distinct names', async () => {
    const store = await openSweepStore(join(dir, 'a.duckdb'), { flushIntervalMs: 5 });
    await store.add(
      row('k1', 'done', { D: 12, d: 9, frobenius: true, levels: [{ level: 1 }], loss: { kind: 'mse' } }),
    );
    const columns = await store.columns();
    const byPath = new Map(columns.map((c) => [c.path, c]));
    expect(byPath.get('out.D')).toEqual({ path: 'out.D', name: 'out.D', type: 'BIGINT' });
    expect(byPath.get('out.d')).toEqual({ path: 'out.d', name: 'out.d_2', type: 'BIGINT' });
    expect(byPath.get('out.frobenius')?.type).toBe('BOOLEAN');
    expect(byPath.get('out.levels')?.type).toBe('VARCHAR');
    expect(byPath.get('out.loss.kind')?.type).toBe('VARCHAR');
    expect(byPath.get('axis.seed')?.type).toBe('BIGINT');
    expect(byPath.get('in.net')?.type).toBe('VARCHAR');
    const [r] = await store.query('SELECT "out.D", "out.d_2", "out.levels", input, status FROM jobs');
    expect(r).toEqual({
      'out.D': 12,
      'out.d_2': 9,
      'out.levels': '[{"level":1}]',
      input: '{"net":"relu:2-3-2"}',
      status: 'done',
    });
    await store.close();
  });
  it('widens a column BIGINT → DOUBLE → VARCHAR as values of wider types arrive, keeping the old values', async () => {
    const store = await openSweepStore(join(dir, 'b.duckdb'), { flushIntervalMs: 5 });
    await store.add(row('k1', 'done', { x: 3 }));
    await store.add(row('k2', 'done', { x: 0.5 }));
    expect((await store.columns()).find((c) => c.path === 'out.x')?.type).toBe('DOUBLE');
    await store.add(row('k3', 'done', { x: 'n/a' }));
    expect((await store.columns()).find((c) => c.path === 'out.x')?.type).toBe('VARCHAR');
    const values = (await store.query('SELECT "out.x" AS x FROM jobs ORDER BY key')).map((r) => r.x);
    expect(values).toEqual(['3.0', '0.5', 'n/a']);
    await store.close();
  });
  it('keeps exactly one row per key: a done row is never replaced, a failed one is', async () => {
    const store = await openSweepStore(join(dir, 'c.duckdb'), { flushIntervalMs: 5 });
    expect(await store.add(row('k1', 'failed', null))).toBe(true);
    expect(store.counts()).toEqual({ done: 0, failed: 1 });
    expect(await store.add(row('k1', 'done', { laws: 3 }))).toBe(true);
    expect(await store.add(row('k1', 'done', { laws: 4 }))).toBe(false);
    expect(await store.add(row('k1', 'failed', null))).toBe(false);
    expect(store.counts()).toEqual({ done: 1, failed: 0 });
    const rows = await store.query('SELECT key, status, "out.laws" FROM jobs');
    expect(rows).toEqual([{ key: 'k1', status: 'done', 'out.laws': 3 }]);
    await store.close();
  });
  it('rows added in one batch for the same key keep the done one', async () => {
    const store = await openSweepStore(join(dir, 'd.duckdb'), { flushIntervalMs: 10_000 });
    const a = store.add(row('k1', 'failed', null));
    const b = store.add(row('k1', 'done', { laws: 2 }));
    await store.flush();
    expect(await Promise.all([a, b])).toEqual([true, true]);
    expect(await store.query('SELECT count(*)::INTEGER AS n, min(status) AS s FROM jobs')).toEqual([
      { n: 1, s: 'done' },
    ]);
    await store.close();
  });
  it('reopening finds the statuses, the columns and the id again; runs are recorded', async () => {
    const path = join(dir, 'e.duckdb');
    const first = await openSweepStore(path);
    const run = await first.startRun({ mode: 'local', spec: '{}', planned: 2, skipped: 0 });
    await first.add(row('k1', 'done', { laws: 1 }));
    await first.add(row('k2', 'failed', null));
    await first.finishRun(run, { done: 1, failed: 1, stopped: false });
    const id = first.id;
    await first.close();
    const again = await openSweepStore(path, { readOnly: true });
    expect(again.id).toBe(id);
    expect([again.status('k1'), again.status('k2'), again.status('k3')]).toEqual([
      'done',
      'failed',
      undefined,
    ]);
    expect(await again.query('SELECT run, mode, planned, done, failed, stopped FROM runs')).toEqual([
      { run: 1, mode: 'local', planned: 2, done: 1, failed: 1, stopped: false },
    ]);
    expect((await again.query('SELECT run FROM jobs ORDER BY key')).map((r) => r.run)).toEqual([1, 1]);
    await expect(again.add(row('k3', 'done', {}))).rejects.toThrow(/read-only/);
    await again.close();
  });
  it('a store held by another process is refused with a SweepStoreError naming it', async () => {
    const path = join(dir, 'f.duckdb');
    await (await openSweepStore(path)).close();
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { DuckDBInstance } = await import('@duckdb/node-api'); const i = await DuckDBInstance.create(${JSON.stringify(path)}); await i.connect(); console.log('held'); setTimeout(() => {}, 20000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolveHeld) => holder.stdout!.once('data', () => resolveHeld()));
      const error = await openSweepStore(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SweepStoreError);
      expect((error as Error).message).toBe(
        `store '${path}' is in use by another process (a sweep still running?)`,
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });
  it('a file that is not a store, or a missing one opened read-only, is refused', async () => {
    await expect(openSweepStore(join(dir, 'none.duckdb'), { readOnly: true })).rejects.toThrow(
      /does not exist/,
    );
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'spec.json'), '{"study":"laws"}');
    await expect(openSweepStore(join(dir, 'spec.json'))).rejects.toThrow(SweepStoreError);
  });
});
