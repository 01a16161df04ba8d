// Benchmark (not a test): trajectory-steps/s and useful GFLOP/s of the WebGPU backend in headless
// Chromium (SwiftShader: software, a fallback adapter, so not a GPU figure) against cpu-float64 on
// one thread in the same page, on [8,16,16,1] ReLU flows with biases, 32 samples, RK4 (fixed
// step) and DOPRI5 (rtol 1e-4). Agreement: max |Δθ| of the end states, WebGPU vs float64 (RK4).
//
//   node bench/browser.mjs            (BATCHES=64,256 by default; STEPS=10)
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBundledPage } from '../../../tooling/scripts/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const batches = (process.env.BATCHES ?? '64,256').split(',').map(Number);
const steps = Number(process.env.STEPS ?? 10);
const rows = await withBundledPage(
  here,
  'main.ts',
  (page) =>
    page.evaluate(
      async ({ batches, steps }) => {
        const { benchWebGpuEnsemble, createWebGpuBackend } = globalThis.entry;
        const gpu = await createWebGpuBackend();
        const out = [];
        for (const batch of batches) {
          for (const method of ['rk4', 'dopri5']) {
            const g = await benchWebGpuEnsemble({ backend: gpu, batch, method, steps });
            const c = await benchWebGpuEnsemble({ backend: 'cpu-float64', batch, method, steps });
            let diff = 0;
            for (let i = 0; i < g.yEnd.length; i++) diff = Math.max(diff, Math.abs(g.yEnd[i] - c.yEnd[i]));
            out.push({ batch, method, gpu: { ...g, yEnd: undefined }, cpu: { ...c, yEnd: undefined }, diff });
          }
        }
        return out;
      },
      { batches, steps },
    ),
  { webgpu: true },
);
for (const r of rows) {
  console.log(
    `B=${r.batch} ${r.method}: ${r.gpu.backend} ${r.gpu.trajectoryStepsPerSecond.toFixed(0)} traj-steps/s ` +
      `(${r.gpu.usefulGflopPerSecond.toFixed(3)} GFLOP/s, ${r.gpu.readbacks} read-backs, ${r.gpu.dispatches} dispatches); ` +
      `cpu-float64 ${r.cpu.trajectoryStepsPerSecond.toFixed(0)} /s (${r.cpu.usefulGflopPerSecond.toFixed(3)} GFLOP/s); ` +
      `ratio ${(r.gpu.trajectoryStepsPerSecond / r.cpu.trajectoryStepsPerSecond).toFixed(2)}; max |Δθ| ${r.diff.toExponential(1)}`,
  );
}
console.log(JSON.stringify(rows));
