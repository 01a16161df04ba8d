#!/usr/bin/env node
// The acceptance of issue 22, run by hand (minutes; not part of `npm test`), with the built CLI
// (`pnpm --filter @idyn/cli... build` first):
//   1. a local sweep (all cores), stopped by Ctrl-C after STOP_AFTER seconds, then resumed: the
//      second run must skip exactly what the first one finished, and the store must end with one
//      row per job;
//   2. the same sweep through Redis into a fresh store, with three `idyn worker` processes, one of
//      them killed with SIGKILL mid-run: the same key set and the same results as the local run.
// Usage: node packages/sweep/bench/acceptance.mjs SPEC STOP_AFTER_S [WORKDIR]
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { startRedisServer } from '../dist/testing.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(root, 'apps/cli/dist/bin.js');
const [specArg, stopArg, workArg] = process.argv.slice(2);
const spec = resolve(specArg);
const work = resolve(workArg ?? `/tmp/idyn-acceptance-${basename(spec).replace(/\.\w+$/, '')}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const local = join(work, 'local.yaml');
const queued = join(work, 'queue.yaml');
copyFileSync(spec, local);
copyFileSync(spec, queued);

function idyn(args, { onStart, onErr } = {}) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => {
    err += c;
    if (onErr) onErr(String(c));
    else process.stderr.write(`  [${args[0]} ${child.pid}] ${c}`);
  });
  onStart?.(child);
  return new Promise((r) => child.on('exit', (code) => r({ code, out, err, child })));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 1. local, interrupted, resumed
const t0 = performance.now();
const first = idyn(['sweep', 'run', 'local.yaml', '--json'], {
  onStart: (c) => setTimeout(() => c.kill('SIGINT'), Number(stopArg) * 1000),
});
const r1 = await first;
const run1 = JSON.parse(r1.out).run;
const r2 = await idyn(['sweep', 'run', 'local.yaml', '--json']);
const run2 = JSON.parse(r2.out).run;
const localSeconds = (performance.now() - t0) / 1000;
console.log(
  `local run 1 (Ctrl-C after ${stopArg} s): exit ${r1.code}, ${run1.done} done, ${run1.failed} failed, ${run1.remaining} left, ${run1.jobsPerSecond.toFixed(1)} jobs/s`,
);
console.log(
  `local run 2 (resume): exit ${r2.code}, skipped ${run2.skipped}, ${run2.done} done, ${run2.failed} failed in ${run2.seconds.toFixed(1)} s (${run2.jobsPerSecond.toFixed(1)} jobs/s)`,
);
if (run2.skipped !== run1.done + run1.failed)
  throw new Error('the resumed run did not skip exactly the finished jobs');

// 2. through Redis with three workers, one killed mid-run
const redis = await startRedisServer();
const children = [];
// w2 reports each job (--verbose): it is killed once it has finished KILL_AFTER jobs, in the
// middle of the ones it holds then.
const KILL_AFTER = Number(process.env.KILL_AFTER ?? 20);
let w2done = 0;
const w2open = new Set();
let killedHolding = [];
let resolveKill;
const killTime = new Promise((r) => (resolveKill = r));
const workers = [1, 2, 3].map((i) =>
  idyn(
    [
      'worker',
      '--queue',
      redis.url,
      '--threads',
      '1',
      '--name',
      `w${i}`,
      '--lock-ms',
      '5000',
      '--stalled-ms',
      '2000',
      '--idle-exit',
      '15',
      '--json',
      ...(i === 2 ? ['--verbose'] : []),
    ],
    {
      onStart: (c) => children.push(c),
      ...(i === 2
        ? {
            onErr: (text) => {
              for (const line of text.split('\n')) {
                const m = /idyn worker: (start|done|failed) (\w+)/.exec(line);
                if (m === null) continue;
                // After KILL_AFTER finished jobs, the kill follows the next start: mid-job.
                if (m[1] === 'start') {
                  w2open.add(m[2]);
                  if (w2done >= KILL_AFTER) resolveKill();
                } else {
                  w2open.delete(m[2]);
                  w2done++;
                }
              }
            },
          }
        : {}),
    },
  ),
);
const pids = [];
const t1 = performance.now();
const coordinator = idyn(['sweep', 'run', 'queue.yaml', '--queue', redis.url, '--json']);
await killTime;
children[1].kill('SIGKILL');
killedHolding = [...w2open];
pids.push(children[1].pid);
const rq = await coordinator;
const queueSeconds = (performance.now() - t1) / 1000;
const runq = JSON.parse(rq.out).run;
console.log(
  `queue run: exit ${rq.code}, ${runq.done} done, ${runq.failed} failed in ${runq.seconds.toFixed(1)} s (${runq.jobsPerSecond.toFixed(1)} jobs/s); killed w2 (pid ${pids.join(',')}) with SIGKILL after ${KILL_AFTER} jobs, holding ${killedHolding.length} started jobs`,
);
const summaries = [];
for (const w of workers) {
  const r = await w;
  summaries.push(r.code === 0 ? JSON.parse(r.out) : { killed: true, code: r.code });
}
console.log(
  `workers: ${summaries.map((s) => (s.killed ? 'killed' : `${s.name} ${s.done} done/${s.failed} failed/${s.retried} retried`)).join('; ')}`,
);
await redis.close();

// 3. the two stores hold the same key set and the same results
const db = await (await DuckDBInstance.create(':memory:')).connect();
await db.run(`ATTACH '${join(work, 'local.duckdb')}' AS l (READ_ONLY)`);
await db.run(`ATTACH '${join(work, 'queue.duckdb')}' AS q (READ_ONLY)`);
const cols = (
  await db.runAndReadAll(
    `SELECT name FROM l.columns WHERE path LIKE 'out.%' OR path = 'status' OR path = 'error'`,
  )
)
  .getRows()
  .map((r) => `"${r[0]}"`);
const count = async (sql) => Number((await db.runAndReadAll(sql)).getRows()[0][0]);
const nl = await count('SELECT count(*) FROM l.jobs');
const nq = await count('SELECT count(*) FROM q.jobs');
const keysDiffer = await count(
  'SELECT count(*) FROM (SELECT key FROM l.jobs EXCEPT SELECT key FROM q.jobs UNION ALL SELECT key FROM q.jobs EXCEPT SELECT key FROM l.jobs)',
);
const rowsDiffer = await count(
  `SELECT count(*) FROM (SELECT key, ${cols.join(', ')} FROM l.jobs EXCEPT SELECT key, ${cols.join(', ')} FROM q.jobs)`,
);
const retried = await count(`SELECT count(*) FROM q.jobs WHERE attempts > 1`);
const held =
  killedHolding.length === 0
    ? []
    : (
        await db.runAndReadAll(
          `SELECT key, worker FROM q.jobs WHERE key IN (${killedHolding.map((k) => `'${k}'`).join(', ')})`,
        )
      ).getRows();
console.log(
  `jobs w2 held when killed: ${killedHolding.length}, now done by ${held.map((r) => r[1]).join(', ')}`,
);
const byWorker = (
  await db.runAndReadAll(`SELECT split_part(worker, '/', 1) AS w, count(*) FROM q.jobs GROUP BY 1 ORDER BY 1`)
)
  .getRows()
  .map((r) => `${r[0]}: ${r[1]}`);
console.log(
  `stores: local ${nl} rows, queue ${nq} rows; keys in one store only: ${keysDiffer}; rows whose status/error/outputs differ: ${rowsDiffer}; queue rows with attempts > 1: ${retried}`,
);
console.log(`queue rows by worker: ${byWorker.join(', ')}`);
console.log(`wall time: local (both runs) ${localSeconds.toFixed(1)} s, queue ${queueSeconds.toFixed(1)} s`);
if (nl !== nq || keysDiffer !== 0 || rowsDiffer !== 0) process.exitCode = 1;
