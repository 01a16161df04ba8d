// Faults of the queue with the real server (Debian's redis-server on a free loopback port, append-
// only file on): each test asserts the final row count and key set of the store.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandSweep } from '../src/expandSweep.js';
import { openSweepStore, type SweepStore } from '../src/openSweepStore.js';
import { parseSweepSpec } from '../src/parseSweepSpec.js';
import { runSweepOnQueue } from '../src/runSweepOnQueue.js';
import type { SweepSpec } from '../src/SweepSpec.js';
import { startSweepWorker } from '../src/startSweepWorker.js';
import { type RedisServer, startRedisServer } from '../src/startRedisServer.js';
import { spawnTs, tempDir } from './helpers.js';

const dir = tempDir();
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.close();
});

/** Short locks so that a dead worker's job is taken again within ~2 s. */
const FAST = { lockDurationMs: 1500, stalledIntervalMs: 500 } as const;

async function expectKeySet(store: SweepStore, spec: SweepSpec, status = 'done'): Promise<void> {
  const keys = expandSweep(spec).jobs.map((j) => j.key);
  const rows = await store.query('SELECT key, status FROM jobs');
  expect(rows).toHaveLength(keys.length);
  expect(new Set(rows.map((r) => r.key))).toEqual(new Set(keys));
  if (status !== '') expect(rows.every((r) => r.status === status)).toBe(true);
}

describe('queue faults (real redis-server)', () => {
  it('a worker killed with SIGKILL in the middle of a job: the job is redone by the other worker, none missing or duplicated', async () => {
    const spec = parseSweepSpec({
      study: 'laws',
      base: { net: 'relu:10-12-12-3', blind: true },
      axes: [{ name: 'seed', range: { start: 0, stop: 8 } }],
      outputs: ['laws'],
    });
    const queue = 'kill';
    const workerArgs = (name: string) => [
      redis.url,
      queue,
      '1',
      String(FAST.lockDurationMs),
      String(FAST.stalledIntervalMs),
      name,
    ];
    const a = spawnTs('test/workerProcess.ts', workerArgs('A'));
    const b = spawnTs('test/workerProcess.ts', workerArgs('B'));
    const store = await openSweepStore(join(dir, 'kill.duckdb'));
    try {
      await Promise.all([a.waitFor((l) => l.type === 'ready'), b.waitFor((l) => l.type === 'ready')]);
      const run = runSweepOnQueue(spec, { store, connection: redis.url, queueName: queue, pollMs: 100 });
      const started = await a.waitFor((l) => l.type === 'start');
      await a.stop('SIGKILL');
      const finishedByA = new Set(a.lines.filter((l) => l.type === 'done').map((l) => l.key));
      const r = await run;
      expect(r).toMatchObject({ planned: 8, done: 8, failed: 0, remaining: 0, stopped: false });
      await expectKeySet(store, spec);
      // The job A held when it died was finished by B.
      expect(finishedByA.has(started.key)).toBe(false);
      const [row] = await store.query('SELECT worker FROM jobs WHERE key = $1', [started.key as string]);
      expect(row!.worker).toMatch(/^B\/t\d+$/);
    } finally {
      await a.stop('SIGKILL');
      await b.stop();
      await store.close();
    }
  });

  it('redis-server restarted in the middle of the sweep: workers and coordinator reconnect and the sweep completes', async () => {
    const spec = parseSweepSpec({
      study: 'laws',
      // the exact Lie trace keeps each job long enough for the restart to land mid-sweep
      base: { points: 6, method: 'lie-trace' },
      axes: [{ name: 'w', field: 'net', template: 'relu:6-{}-8-3', range: { start: 2, stop: 26 } }],
      outputs: ['laws', 'D'],
    });
    const queue = 'restart';
    const errors: string[] = [];
    const worker = await startSweepWorker({
      connection: redis.url,
      queueName: queue,
      threads: 2,
      ...FAST,
      onEvent: (e) => {
        if (e.type === 'error') errors.push(e.error);
      },
    });
    const store = await openSweepStore(join(dir, 'restart.duckdb'));
    let restarted: Promise<void> | null = null;
    const pidBefore = redis.pid();
    let doneAtRestart = -1;
    try {
      const r = await runSweepOnQueue(spec, {
        store,
        connection: redis.url,
        queueName: queue,
        pollMs: 100,
        onError: (e) => errors.push(e.message),
        onProgress: (p) => {
          if (p.done >= 5 && restarted === null) {
            doneAtRestart = p.done;
            restarted = redis.restart();
          }
        },
      });
      expect(restarted).not.toBeNull();
      await restarted;
      expect(r).toMatchObject({ planned: 24, done: 24, failed: 0, remaining: 0 });
      await expectKeySet(store, spec);
      // The server really was another process from the middle of the sweep on.
      expect(redis.pid()).not.toBe(pidBefore);
      expect(doneAtRestart).toBeLessThan(24);
    } finally {
      await worker.close();
      await store.close();
    }
  });

  it('a poison job (always past its time limit) is retried `attempts` times, then recorded as failed; bad input is recorded at once', async () => {
    const spec = parseSweepSpec({
      study: 'laws',
      // the exact Lie trace (D = 1650, 90 000 paths: seconds); method auto would count structurally
      base: { method: 'lie-trace' },
      timeout: 0.3,
      attempts: 2,
      axes: [{ name: 'net', values: ['relu:20-30-30-5', 'relu:2-x-1', 'relu:2-2-1', 'relu:2-3-1'] }],
      outputs: ['laws'],
    });
    const queue = 'poison';
    const worker = await startSweepWorker({ connection: redis.url, queueName: queue, threads: 1, ...FAST });
    const store = await openSweepStore(join(dir, 'poison.duckdb'));
    try {
      const r = await runSweepOnQueue(spec, { store, connection: redis.url, queueName: queue, pollMs: 100 });
      expect(r).toMatchObject({ planned: 4, done: 2, failed: 2, remaining: 0 });
      await expectKeySet(store, spec, '');
      const rows = await store.query(
        'SELECT "axis.net" AS net, status, error, attempts FROM jobs ORDER BY job',
      );
      expect(rows[0]).toMatchObject({ net: 'relu:20-30-30-5', status: 'failed', attempts: 2 });
      expect(rows[0]!.error).toMatch(/^timed out after 0\.300 s/);
      expect(rows[1]).toMatchObject({ net: 'relu:2-x-1', status: 'failed', attempts: 1 });
      expect(rows[1]!.error).toMatch(/^net 'relu:2-x-1': /);
      expect(rows.slice(2).map((x) => x.status)).toEqual(['done', 'done']);
      const summary = await worker.close();
      expect(summary).toMatchObject({ done: 2, failed: 1, retried: 2 });
    } finally {
      await worker.close();
      await store.close();
    }
  });

  it('a coordinator killed with SIGKILL: a new one resumes from the store (finished jobs are not queued again) and completes the key set', async () => {
    const spec = parseSweepSpec({
      study: 'laws',
      base: { points: 6 },
      axes: [{ name: 'w', field: 'net', template: 'relu:3-{}-5-2', range: { start: 2, stop: 18 } }],
      outputs: ['laws'],
    });
    const queue = 'coordinator';
    const path = join(dir, 'coordinator.duckdb');
    const worker = await startSweepWorker({ connection: redis.url, queueName: queue, threads: 1, ...FAST });
    const first = spawnTs('test/coordinatorProcess.ts', [redis.url, queue, path, JSON.stringify(spec)]);
    let store: SweepStore | null = null;
    try {
      await first.waitFor((l) => l.type === 'progress' && (l.done as number) >= 4);
      await first.stop('SIGKILL');
      store = await openSweepStore(path);
      const before = new Set(
        (await store.query(`SELECT key FROM jobs WHERE status = 'done'`)).map((x) => x.key as string),
      );
      expect(before.size).toBeGreaterThanOrEqual(4);
      const r = await runSweepOnQueue(spec, { store, connection: redis.url, queueName: queue, pollMs: 100 });
      expect(r.skipped).toBeGreaterThanOrEqual(before.size);
      expect(r).toMatchObject({ planned: 16, done: 16 - r.skipped, failed: 0, remaining: 0 });
      await expectKeySet(store, spec);
      // Rows of the first coordinator stay as they were (run 1): nothing finished was redone into run 2.
      const runs = await store.query('SELECT key, run FROM jobs');
      for (const { key, run } of runs) if (before.has(key as string)) expect(run).toBe(1);
    } finally {
      await first.stop('SIGKILL');
      await worker.close();
      await store?.close();
    }
  });
});
