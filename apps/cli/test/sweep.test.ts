import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { validateJson } from '@idyn/studies';
import { startRedisServer } from '@idyn/sweep/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUsageError, loadSchema, run } from './helpers.js';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'idyn-cli-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WIDTHS = `name: widths
study: laws
axes:
  - { name: width, field: net, template: "relu:2-{}-1", values: [1, 2, 3, x] }
outputs: [D, laws]
`;
writeFileSync(join(dir, 'widths.yaml'), WIDTHS);

/** Runs `idyn ARGS --json` in the temp directory; checks the exit code and the schema. */
async function json(args: string[], code = 0): Promise<Record<string, unknown>> {
  const r = await run([...args, '--json'], { cwd: dir });
  expect(r.code, r.stderr).toBe(code);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(validateJson(doc, loadSchema(args[0]!))).toEqual([]);
  return doc;
}

/** Spawns the source bin as a user runs `idyn`, collecting its output. */
function spawnIdyn(args: string[]) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveExit) =>
    child.on('exit', (code) => resolveExit({ code, stdout, stderr })),
  );
  return { child, exit, stderr: () => stderr };
}

describe('idyn sweep', () => {
  it('plan counts the jobs and estimates their cost; the JSON is idyn.sweep/1', async () => {
    const doc = await json(['sweep', 'plan', 'widths.yaml']);
    expect(doc).toMatchObject({ action: 'plan', spec: 'widths.yaml', store: null });
    expect(doc.plan).toMatchObject({ study: 'laws', jobs: 4, toRun: 4, cost: { invalid: 1, estimated: 4 } });
    const text = await run(['sweep', 'plan', 'widths.yaml'], { cwd: dir });
    expect(text.stdout).toMatch(/jobs\s+4\n/);
    expect(text.stdout).toMatch(
      /invalid\s+1 of 4 estimated jobs are refused, e\.g\. job 3: net 'relu:2-x-1'/,
    );
  });
  it('run records one row per job (exit 1: one failed), a rerun skips them, report and export read the store', async () => {
    const first = await json(['sweep', 'run', 'widths.yaml', '--workers', '2'], 1);
    expect(first.store).toBe(join(dir, 'widths.duckdb'));
    expect(first.run).toMatchObject({
      mode: 'local',
      planned: 4,
      done: 3,
      failed: 1,
      skipped: 0,
      workers: 2,
    });
    const again = await json(['sweep', 'run', 'widths.yaml', '--workers', '1'], 0);
    expect(again.run).toMatchObject({ skipped: 4, done: 0, failed: 0 });
    const report = await json(['sweep', 'report', 'widths.duckdb', '--by', 'axis.width', '--y', 'out.laws']);
    const r = report.report as {
      groups: { key: Record<string, unknown>; stats: Record<string, { mean: number | null }> }[];
      figures: { file: string; name: string }[];
      errors: { error: string }[];
    };
    // laws of relu:2-W-1 = W (one law per hidden neuron, MATH.md §5)
    expect(r.groups.map((g) => [g.key['axis.width'], g.stats['out.laws']!.mean])).toEqual([
      ['1', 1],
      ['2', 2],
      ['3', 3],
      ['x', null],
    ]);
    expect(r.errors[0]!.error).toMatch(/relu:2-x-1/);
    expect(r.figures.map((f) => f.name)).toEqual(['hist-out.laws']);
    expect(readFileSync(r.figures[0]!.file, 'utf8')).toMatch(/^<svg/);
    const text = await run(['sweep', 'report', 'widths.duckdb', '--by', 'axis.width'], { cwd: dir });
    expect(text.stdout).toMatch(/axis\.width\s+rows\s+failed\s+out\.D mean/);
    for (const [file, format] of [
      ['w.csv', 'csv'],
      ['w.parquet', 'parquet'],
      ['w.jsonl', 'jsonl'],
    ] as const) {
      const doc = await json(['sweep', 'export', 'widths.yaml', file]);
      expect(doc.export).toMatchObject({ format, rows: 4 });
      expect(existsSync(join(dir, file))).toBe(true);
    }
    expect(readFileSync(join(dir, 'w.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });
  it.each([
    [
      ['sweep', 'fly', 'widths.yaml'],
      /^idyn sweep: unknown action 'fly' \(actions: plan, run, report, export/,
    ],
    [
      ['sweep', 'run', 'widths.duckdb'],
      /^idyn sweep: <spec> 'widths\.duckdb': idyn sweep run takes a spec file/,
    ],
    [
      ['sweep', 'plan', 'widths.yaml', '--queue', 'redis://h:1'],
      /--queue is an option of idyn sweep run, not of plan/,
    ],
    [['sweep', 'export', 'widths.duckdb'], /missing argument FILE/],
    [
      ['sweep', 'export', 'widths.duckdb', 'w.xlsx'],
      /FILE 'w\.xlsx': give a \.csv, \.parquet or \.jsonl name/,
    ],
    [['sweep', 'plan', 'none.yaml'], /<spec> 'none\.yaml': file not found/],
    [['sweep', 'report', 'nowhere.duckdb'], /store '.*nowhere\.duckdb' does not exist/],
    [['sweep', 'run', 'widths.yaml', '--workers', '0'], /--workers must be >= 1, got '0'/],
    [['worker'], /^idyn worker: --queue redis:\/\/host:port is required$/],
    [['worker', '--queue', 'http://127.0.0.1:6379'], /must start with redis:\/\/ or rediss:\/\//],
  ])('%j: exit 2, one line naming the argument', async (args, pattern) => {
    expectUsageError(await run(args, { cwd: dir }), pattern);
  });
  it('a bad spec is refused with its file name and the place in it', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'study: laws\naxes:\n  - { name: w, range: { start: 3, stop: 1 } }\n',
    );
    expectUsageError(
      await run(['sweep', 'plan', 'bad.yaml'], { cwd: dir }),
      /^idyn sweep: sweep spec 'bad\.yaml' at axes\[0\]\.range: is empty: no value from 3 towards 1/,
    );
  });
  it('Ctrl-C stops taking jobs, keeps what finished (exit 130) and the rerun resumes', async () => {
    writeFileSync(
      join(dir, 'long.yaml'),
      'study: laws\nbase: { points: 8 }\naxes:\n  - { name: w, field: net, template: "relu:3-{}-4-2", range: { start: 2, stop: 10 } }\n  - { name: seed, range: { start: 0, stop: 500 } }\noutputs: [laws]\n',
    );
    const p = spawnIdyn(['sweep', 'run', 'long.yaml', '--workers', '1', '--json']);
    // Thread start-up takes a second or two from source; then jobs of ~30 ms finish.
    await new Promise((r) => setTimeout(r, 7000));
    p.child.kill('SIGINT');
    const r = await p.exit;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/idyn sweep: stopping: the running jobs finish and are kept/);
    const doc = JSON.parse(r.stdout) as { run: { stopped: boolean; done: number; remaining: number } };
    expect(doc.run.stopped).toBe(true);
    expect(doc.run.remaining).toBe(4000 - doc.run.done);
    const report = await json(['sweep', 'report', 'long.duckdb', '--y', 'out.laws']);
    expect((report.report as { jobs: { done: number } }).jobs.done).toBe(doc.run.done);
    const plan = await json(['sweep', 'plan', 'long.yaml', '--store', 'long.duckdb']);
    expect(plan.plan).toMatchObject({ finished: doc.run.done, toRun: 4000 - doc.run.done });
  });
  it('through Redis: `idyn sweep run --queue` coordinates, an `idyn worker` process runs the jobs and exits when idle', async () => {
    const redis = await startRedisServer();
    try {
      writeFileSync(join(dir, 'queue.yaml'), WIDTHS);
      const worker = spawnIdyn([
        'worker',
        '--queue',
        redis.url,
        '--threads',
        '1',
        '--idle-exit',
        '2',
        '--json',
      ]);
      const doc = await json(['sweep', 'run', 'queue.yaml', '--queue', redis.url], 1);
      expect(doc.run).toMatchObject({
        mode: 'queue',
        queue: redis.url,
        planned: 4,
        done: 3,
        failed: 1,
        workers: 0,
      });
      const w = await worker.exit;
      expect(w.code, w.stderr).toBe(0);
      expect(w.stderr).toMatch(
        /idyn worker: serving redis:\/\/127\.0\.0\.1:\d+ \(queue idyn-sweep\) as \S+ with 1 threads/,
      );
      const summary = JSON.parse(w.stdout) as Record<string, unknown>;
      expect(validateJson(summary, loadSchema('worker'))).toEqual([]);
      expect(summary).toMatchObject({ schema: 'idyn.worker/1', done: 3, failed: 1, threads: 1 });
      const report = await json(['sweep', 'report', 'queue.duckdb', '--by', 'axis.width', '--y', 'out.laws']);
      expect((report.report as { jobs: unknown }).jobs).toEqual({ done: 3, failed: 1 });
    } finally {
      await redis.close();
    }
  });
});
