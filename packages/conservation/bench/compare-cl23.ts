/**
 * Side-by-side benchmark against the sympy peer of the CL23 algorithm
 * (../shared/peers/cl23_sympy.py): same networks, blind mode, one process tree.
 *
 * Run: npx tsx --conditions=source bench/compare-cl23.ts [--peer-timeout 300]
 * Our time includes building the lifting's polynomials (as the peer's includes building its
 * symbolic fields); the peer's time is its own `seconds` (python start-up excluded) and its wall
 * time. One point for us (the peer uses one point), then our default three points; our figures are
 * medians of three repetitions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Network, parseNetwork } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import { matrixProductLifting, pathLifting } from '@idyn/lifting';
import { createRng } from '@idyn/linalg';
import { countLaws } from '../src/countLaws.js';

const args = process.argv.slice(2);
const peerTimeout = Number(args[args.indexOf('--peer-timeout') + 1] ?? 300) || 300;
const peerPath = [resolve(import.meta.dirname, '../../../../shared/peers/cl23_sympy.py')].find((p) =>
  existsSync(p),
);

interface Row {
  name: string;
  D: number;
  d: number;
  lieDim: number;
  laws: number;
  oursBuild: number;
  ours1: number;
  ours3: number;
  peer?: number | string;
  peerWall?: number;
  peerLie?: number;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

function ours(
  name: string,
  build: () => ReturnType<typeof pathLifting> | ReturnType<typeof matrixProductLifting>,
  mode: 'blind' | 'certify' = 'blind',
): Row {
  // Warm-up on a small case so that JIT compilation is not billed to the first row.
  countLaws(pathLifting(parseNetwork('relu:2-3-2')));
  const [lift, tLift] = time(build);
  const [polys, tPolys] = time(() => lift.polynomials());
  const input = { polynomials: polys, paramNames: lift.paramNames, knownLaws: lift.knownLaws() };
  const [r1, t1] = time(() => countLaws(input, { points: 1, mode }));
  const [, t3] = time(() => countLaws(input, { mode }));
  return {
    name,
    D: r1.D,
    d: polys.length,
    lieDim: r1.lieDim,
    laws: r1.laws,
    oursBuild: tLift + tPolys,
    ours1: t1,
    ours3: t3,
  };
}

function peer(row: Row, argv: string[]): void {
  if (peerPath === undefined) {
    row.peer = 'peer not found';
    return;
  }
  const t0 = performance.now();
  const out = spawnSync('python3', [peerPath, ...argv], { encoding: 'utf8', timeout: peerTimeout * 1000 });
  row.peerWall = (performance.now() - t0) / 1000;
  if (out.error || out.status !== 0) {
    row.peer = out.error ? `> ${peerTimeout} s (killed)` : `failed: ${out.stderr.slice(-200)}`;
    return;
  }
  const res = JSON.parse(out.stdout.trim().split('\n').pop() as string) as {
    seconds: number;
    lieDim: number;
  };
  row.peer = res.seconds;
  row.peerLie = res.lieDim;
}

function skipDag(): Network {
  // 16 inputs, two hidden layers of 16, 16 outputs, dense consecutive layers, skip edges with
  // probability 0.15: D close to the 768 of relu:16-16-16-16.
  return randomDag(createRng(2026), {
    inputs: 16,
    outputs: 16,
    layers: 2,
    width: 16,
    density: 0.85,
    skipProbability: 0.15,
    shuffle: false,
  });
}

const rows: Row[] = [];
const small: [string, () => ReturnType<typeof pathLifting>, string[]][] = [
  ['ReLU [3,4,5]', () => pathLifting(parseNetwork('relu:3-4-5')), ['relu', '3,4,5']],
];
for (const [name, build, argv] of small) {
  const row = ours(name, build);
  peer(row, argv);
  rows.push(row);
}
{
  const row = ours(
    'ReLU [3,4,5], certifying (peer --known)',
    () => pathLifting(parseNetwork('relu:3-4-5')),
    'certify',
  );
  peer(row, ['relu', '3,4,5', '--known']);
  rows.push(row);
}
{
  const row = ours('linear [3,4,5]', () => matrixProductLifting([3, 4, 5]));
  peer(row, ['linear', '3,4,5']);
  rows.push(row);
}
{
  const row = ours('ReLU [9,9,9]', () => pathLifting(parseNetwork('relu:9-9-9')));
  if (args.includes('--peer-large')) peer(row, ['relu', '9,9,9']);
  rows.push(row);
}
{
  const row = ours('linear [5,8,5]', () => matrixProductLifting([5, 8, 5]));
  if (args.includes('--peer-large')) peer(row, ['linear', '5,8,5']);
  rows.push(row);
}
rows.push(ours('ReLU [16,16,16,16]', () => pathLifting(parseNetwork('relu:16-16-16-16'))));
{
  const net = skipDag();
  const row = ours(`DAG with skips (${net.hidden.length} hidden)`, () => pathLifting(net));
  rows.push(row);
}

const fmt = (x: number | string | undefined) => (typeof x === 'number' ? x.toFixed(3) : (x ?? '-'));
console.log(
  '| case | D | d (paths) | dim Lie | laws | ours: build lifting (s) | ours: count, 1 point (s) | ours: count, 3 points (s) | peer (s) | peer wall (s) | ratio peer / ours (1 point incl. build) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ratio = typeof r.peer === 'number' ? (r.peer / (r.ours1 + r.oursBuild)).toFixed(0) : '-';
  const agree = r.peerLie === undefined ? '' : r.peerLie === r.lieDim ? '' : ` (peer dim Lie ${r.peerLie}!)`;
  console.log(
    `| ${r.name} | ${r.D} | ${r.d} | ${r.lieDim}${agree} | ${r.laws} | ${fmt(r.oursBuild)} | ${fmt(r.ours1)} | ${fmt(r.ours3)} | ${fmt(r.peer)} | ${fmt(r.peerWall)} | ${ratio}× |`,
  );
}
