// Trajectory-steps per second of the gpu.js backend vs the CPU float64 backend of
// @idyn/integrators: fixed-step RK4 on B independent gradient flows of a [8,16,16,1] ReLU network
// with biases (MSE on 32 shared samples), B = 256, 1024, 4096.
//
//   npx tsx --conditions=source bench/ensemble.ts            # cpu-float64, gpu.js cpu, webasm
//   xvfb-run -a npx tsx --conditions=source bench/ensemble.ts # + headless-gl (Mesa llvmpipe)
//
// Not a GPU measurement unless a real GPU backs the GL context (llvmpipe is software).
import { availableGpuModes } from '../src/availableGpuModes.js';
import { benchEnsemble } from '../src/benchEnsemble.js';
import { createGpuBackend } from '../src/createGpuBackend.js';

const batches = (process.env.BATCHES ?? '256,1024,4096').split(',').map(Number);
const modes = availableGpuModes().filter((m) => m !== 'gpu');
const rows: string[][] = [
  ['backend', 'kernel class', 'B', 'steps', 'traj-steps/s', 'vs cpu-float64', 'warm-up s'],
];
for (const B of batches) {
  const steps = B <= 256 ? 8 : 2;
  const base = benchEnsemble({ backend: 'cpu-float64', batch: B, steps });
  rows.push([
    'cpu-float64',
    base.backendUsed,
    String(B),
    String(steps),
    base.trajectoryStepsPerSecond.toFixed(0),
    '1',
    base.warmupSeconds.toFixed(2),
  ]);
  for (const mode of modes) {
    const backend = createGpuBackend({ mode, minGpuBatch: 0 });
    const r = benchEnsemble({ backend, batch: B, steps });
    backend.destroy();
    if (r.failed > 0) throw new Error(`${mode}: ${r.failed} trajectories failed`);
    rows.push([
      `gpu.js ${mode}`,
      r.backendUsed,
      String(B),
      String(steps),
      r.trajectoryStepsPerSecond.toFixed(0),
      (r.trajectoryStepsPerSecond / base.trajectoryStepsPerSecond).toFixed(2),
      r.warmupSeconds.toFixed(2),
    ]);
  }
}
const widths = rows[0]?.map((_, j) => Math.max(...rows.map((r) => (r[j] as string).length))) ?? [];
for (const r of rows) console.log(r.map((c, j) => c.padEnd(widths[j]!)).join('  '));
console.log(
  `modes available here: ${availableGpuModes().join(', ')}; DISPLAY=${process.env.DISPLAY ?? '(unset)'}`,
);
