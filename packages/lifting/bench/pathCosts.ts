/**
 * Prints the cost of the path-norm and of ∂Phi^T G relative to one forward pass of @idyn/graph on
 * DAGs with more than 10^9 paths (never enumerated). The machine is shared, so the two sides are
 * timed in alternating rounds and the median of the per-round ratios is reported.
 * Run: npx tsx --conditions=source bench/pathCosts.ts
 */
import { forward } from '@idyn/graph';
import { pathCotangentVjp } from '../src/pathCotangentVjp.js';
import { pathNorm } from '../src/pathNorm.js';
import { LARGE_PRESETS, largeCase } from './largeDag.js';

function meanMs(f: () => void, roundMs: number): number {
  let n = 0;
  const a = performance.now();
  let b = a;
  while (b - a < roundMs) {
    f();
    n++;
    b = performance.now();
  }
  return (b - a) / n;
}

const median = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;

/** Median time of f and of the baseline (ms) and median ratio over 9 alternating rounds. */
function compare(f: () => void, base: () => void, roundMs = 120) {
  meanMs(f, 200);
  meanMs(base, 200);
  const tf: number[] = [];
  const tb: number[] = [];
  const r: number[] = [];
  for (let k = 0; k < 9; k++) {
    const b = meanMs(base, roundMs);
    const a = meanMs(f, roundMs);
    tf.push(a);
    tb.push(b);
    r.push(a / b);
  }
  return { ms: median(tf), baseMs: median(tb), ratio: median(r) };
}

for (const preset of LARGE_PRESETS) {
  const one = largeCase(preset, 1);
  const fwd1 = () => forward(one.net, one.theta, one.X, 1);
  console.log(
    `${preset}: ${one.paths} paths (${Number(one.paths).toExponential(2)}), ${one.net.edges.length} edges, D = ${one.net.D}`,
  );
  for (const q of [1, 2]) {
    const v = compare(() => pathNorm(one.net, one.theta, { q, gradient: false }), fwd1);
    console.log(
      `  pathNorm q=${q} (value only): ${v.ms.toFixed(3)} ms vs forward batch 1 ${v.baseMs.toFixed(3)} ms: ${v.ratio.toFixed(2)} x forward`,
    );
    const c = compare(() => pathNorm(one.net, one.theta, { q }), fwd1);
    console.log(
      `  pathNorm q=${q} (value+gradient): ${c.ms.toFixed(3)} ms vs forward batch 1 ${c.baseMs.toFixed(3)} ms: ${c.ratio.toFixed(2)} x forward`,
    );
  }
  for (const batch of [16, 128]) {
    const m = largeCase(preset, batch);
    const c = compare(
      () => pathCotangentVjp(m.net, m.theta, m.X, m.C, batch),
      () => forward(m.net, m.theta, m.X, batch),
    );
    console.log(
      `  ∂Phi^T G, batch ${batch}: ${c.ms.toFixed(3)} ms vs forward ${c.baseMs.toFixed(3)} ms: ${c.ratio.toFixed(2)} x forward`,
    );
  }
}
