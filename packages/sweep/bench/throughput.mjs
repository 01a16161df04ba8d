#!/usr/bin/env node
// Throughput of sweeps (README figures, not a test), with the built CLI and packages:
//   - inline: the studies run one after another on this thread (no pool, no store): the jobs' own time;
//   - local: `idyn sweep run --workers W` for W = 1, 2 (threads, DuckDB store);
//   - queue: `idyn sweep run --queue` with P `idyn worker --threads 1` processes on one Redis on
//     loopback, P = 1, 2, 3 (a simulated multi-machine run on this one);
// each on the same N jobs of SPEC. Prints jobs/s and the overhead per job against the job's own time.
// Usage: node packages/sweep/bench/throughput.mjs [SPEC] [N]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStudy } from '@idyn/studies';
import { expandSweep, openSweepStore, parseSweepSpec } from '../dist/index.js';
import { startRedisServer } from '../dist/testing.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'apps/cli/dist/bin.js');
const specPath = resolve(process.argv[2] ?? join(root, 'packages/sweep/examples/laws-random.yaml'));
const N = Number(process.argv[3] ?? 2000);
const base = parseSweepSpec(readFileSync(specPath, 'utf8'));
// The first axis cut to N values (a range axis: stop = start + N).
const axis = base.axes[0];
const spec = { ...base, axes: [{ ...axis, range: { start: axis.range.start, stop: axis.range.start + N } }] };
const work = mkdtempSync(join(tmpdir(), 'idyn-bench-'));
const idyn = (args) =>
  new Promise((r) => {
    const c = spawn(process.execPath, [bin, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', (code) => r({ code, out }));
  });

const jobs = expandSweep(spec).jobs;
const t = performance.now();
for (const j of jobs) await runStudy(j.study, j.input);
const inlineSeconds = (performance.now() - t) / 1000;
const jobMs = (inlineSeconds * 1000) / N;
console.log(
  `${N} jobs of ${spec.study} (${specPath.split('/').pop()}); inline on one thread: ${(N / inlineSeconds).toFixed(0)} jobs/s, ${jobMs.toFixed(3)} ms per job`,
);

const meanDuration = async (store) => {
  const s = await openSweepStore(join(work, store), { readOnly: true });
  const [r] = await s.query('SELECT avg(duration_ms) AS ms FROM jobs');
  await s.close();
  return r.ms;
};
const rows = [];
for (const w of [1, 2]) {
  const name = `local${w}`;
  writeFileSync(join(work, `${name}.json`), JSON.stringify(spec));
  const r = JSON.parse(
    (await idyn(['sweep', 'run', `${name}.json`, '--workers', String(w), '--json'])).out,
  ).run;
  rows.push({
    mode: `local, ${w} thread${w > 1 ? 's' : ''}`,
    rate: r.jobsPerSecond,
    seconds: r.seconds,
    lanes: w,
    ms: await meanDuration(`${name}.duckdb`),
  });
}
const redis = await startRedisServer();
for (const p of [1, 2, 3]) {
  const name = `queue${p}`;
  writeFileSync(join(work, `${name}.json`), JSON.stringify(spec));
  const workers = Array.from({ length: p }, (_, i) =>
    idyn([
      'worker',
      '--queue',
      redis.url,
      '--queue-name',
      name,
      '--threads',
      '1',
      '--name',
      `w${i}`,
      '--idle-exit',
      '3',
    ]),
  );
  // Let the workers connect and start their thread, as a long-lived cluster would have.
  await new Promise((r) => setTimeout(r, 1500));
  const r = JSON.parse(
    (await idyn(['sweep', 'run', `${name}.json`, '--queue', redis.url, '--queue-name', name, '--json'])).out,
  ).run;
  await Promise.all(workers);
  rows.push({
    mode: `queue, ${p} worker process${p > 1 ? 'es' : ''}`,
    rate: r.jobsPerSecond,
    seconds: r.seconds,
    lanes: Math.min(p, 2),
    ms: await meanDuration(`${name}.duckdb`),
  });
}
await redis.close();
console.log(
  '| mode | jobs/s | wall s | mean job time in its thread (ms) | wall time per job and core (ms) | overhead per job (ms) |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  // Cores in use: the threads, at most the machine's 2; the overhead is what a job costs a core beyond its own time.
  const perCore = (r.seconds * 1000 * r.lanes) / N;
  console.log(
    `| ${r.mode} | ${r.rate.toFixed(0)} | ${r.seconds.toFixed(2)} | ${r.ms.toFixed(3)} | ${perCore.toFixed(3)} | ${(perCore - r.ms).toFixed(3)} |`,
  );
}
rmSync(work, { recursive: true, force: true });
