// Trajectory-steps/s and useful GFLOP/s of the device-resident gpu.js backend against the CPU
// float64 backend on one thread and on all cores (createThreadedCpuBackend of
// @idyn/integrators/threads): fixed-step RK4 and adaptive DOPRI5 (rtol 1e-5) on B seeded gradient
// flows of a [8,16,16,1] ReLU network with biases, MSE on 32 shared samples.
//
//   npx tsx --conditions=source bench/resident.ts              # cpu-float64, threads, gpu.js cpu, webasm
//   xvfb-run -a npx tsx --conditions=source bench/resident.ts  # + headless-gl (Mesa llvmpipe: software)
//
// env: BATCHES (default 256,1024,4096), WIDTHS (default 8,16,16,1), METHODS (rk4,dopri5),
// BACKENDS (subset of cpu-float64,cpu-threads,cpu,webasm,headlessgl), STEPS (default 4).
// Prints one JSON line per case, then a table. Not a GPU measurement unless a GPU backs GL.
import { availableParallelism } from 'node:os';
import { createThreadedCpuBackend } from '@idyn/integrators/threads';
import { availableGpuModes } from '../src/availableGpuModes.js';
import { type BenchEnsembleResult, benchEnsemble } from '../src/benchEnsemble.js';
import { createGpuBackend } from '../src/createGpuBackend.js';
import { ensembleCase } from '../src/internal/ensembleCase.js';

const list = (v: string | undefined, d: string) => (v ?? d).split(',').filter(Boolean);
const batches = list(process.env.BATCHES, '256,1024,4096').map(Number);
const widths = list(process.env.WIDTHS, '8,16,16,1').map(Number);
const methods = list(process.env.METHODS, 'rk4,dopri5') as ('rk4' | 'dopri5')[];
const steps = Number(process.env.STEPS ?? 4);
const modes = availableGpuModes().filter((m) => m === 'cpu' || m === 'webasm' || m === 'headlessgl');
const backends = list(process.env.BACKENDS, ['cpu-float64', 'cpu-threads', ...modes].join(','));
const threads = createThreadedCpuBackend({ minBatch: 1 });
const rows: string[][] = [
  ['method', 'backend', 'ran on', 'B', 'traj-steps/s', 'GFLOP/s', 'vs 1 thread', 'vs all cores', 'readbacks'],
];
for (const method of methods) {
  for (const batch of batches) {
    const results = new Map<string, BenchEnsembleResult>();
    for (const name of backends) {
      const opts = { batch, steps, widths, method };
      let r: BenchEnsembleResult;
      if (name === 'cpu-threads') {
        const c = ensembleCase('bench', opts);
        const w0 = performance.now();
        await threads.integrateBatch(c.problem, c.theta0, c.batch, c.optionsFor(1));
        const w1 = performance.now();
        const out = await threads.integrateBatch(c.problem, c.theta0, c.batch, c.optionsFor(c.steps));
        const w2 = performance.now();
        r = {
          ...c.summarize(out, (w2 - w1) / 1000, (w1 - w0) / 1000),
          backendUsed: `${threads.threads} threads`,
        };
      } else if (name === 'cpu-float64') {
        r = benchEnsemble({ ...opts, backend: 'cpu-float64' });
      } else {
        const backend = createGpuBackend({ mode: name as 'cpu', minGpuBatch: 0 });
        r = benchEnsemble({ ...opts, backend });
        backend.destroy();
      }
      if (r.failed > 0) console.error(`${name}: ${r.failed} of ${batch} trajectories did not succeed`);
      results.set(name, r);
      console.log(JSON.stringify({ backend: name, widths, ...r }));
    }
    const one = results.get('cpu-float64')?.trajectoryStepsPerSecond;
    const all = results.get('cpu-threads')?.trajectoryStepsPerSecond;
    for (const [name, r] of results) {
      rows.push([
        method,
        name,
        r.backendUsed,
        String(batch),
        r.trajectoryStepsPerSecond.toFixed(0),
        r.usefulGflops.toFixed(3),
        one ? (r.trajectoryStepsPerSecond / one).toFixed(2) : '-',
        all ? (r.trajectoryStepsPerSecond / all).toFixed(2) : '-',
        String(r.readbacks),
      ]);
    }
  }
}
await threads.destroy();
const w = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
for (const r of rows) console.log(r.map((c, j) => c.padEnd(w[j]!)).join('  '));
console.log(
  `widths ${widths.join(',')}, 32 samples, ${steps} steps of 0.01 (DOPRI5: same span, rtol 1e-5); ` +
    `${availableParallelism()} cores; modes here: ${availableGpuModes().join(', ')}; DISPLAY=${process.env.DISPLAY ?? '(unset)'}`,
);
