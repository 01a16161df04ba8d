// Cross-language comparison: modRank / numericRank here vs numpy (SVD) and a vectorised numpy
// mod-p elimination (bench/rank_peer.py), on the same seeded 2000×300 matrices.
// Run: npx tsx --conditions=source bench/rank-vs-numpy.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modRank } from '../src/modRank.js';
import { numericRank } from '../src/numericRank.js';
import { integerLowRank, integerRandom } from './inputs.js';

function best<T>(f: () => T, reps = 3): { result: T; ms: number } {
  let ms = Number.POSITIVE_INFINITY;
  let result = f();
  for (let k = 0; k < reps; k++) {
    const s = performance.now();
    result = f();
    ms = Math.min(ms, performance.now() - s);
  }
  return { result, ms };
}

const dir = mkdtempSync(join(tmpdir(), 'idyn-rank-'));
const inputs = { full: integerRandom(1, 2000, 300), low: integerLowRank(2, 2000, 300, 150) };
const ours: Record<string, { modRank: number; modMs: number; svdRank: number; svdMs: number }> = {};
for (const [name, a] of Object.entries(inputs)) {
  writeFileSync(join(dir, `${name}.f64`), Float64Array.from(a.flat()));
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ m: a.length, n: a[0]?.length ?? 0 }));
  const mod = best(() => modRank(a, 300));
  const svd = best(() => numericRank(a), 1);
  ours[name] = { modRank: mod.result, modMs: mod.ms, svdRank: svd.result, svdMs: svd.ms };
}
const peer = fileURLToPath(new URL('./rank_peer.py', import.meta.url));
const lines = execFileSync('python3', [peer, dir], { encoding: 'utf8' }).trim().split('\n');
console.log('matrix  method        ts rank  ts ms    numpy rank  numpy ms  ts/numpy');
for (const line of lines) {
  const p = JSON.parse(line) as {
    name: string;
    svdRank: number;
    svdMs: number;
    modRank: number;
    modMs: number;
  };
  const o = ours[p.name];
  if (!o) continue;
  const row = (m: string, r: number, ms: number, pr: number, pms: number) =>
    console.log(
      `${p.name.padEnd(7)} ${m.padEnd(13)} ${String(r).padStart(7)}  ${ms.toFixed(0).padStart(6)}  ${String(pr).padStart(10)}  ${pms.toFixed(0).padStart(8)}  ${(ms / pms).toFixed(2).padStart(8)}`,
    );
  row('mod p', o.modRank, o.modMs, p.modRank, p.modMs);
  row('float SVD', o.svdRank, o.svdMs, p.svdRank, p.svdMs);
}
