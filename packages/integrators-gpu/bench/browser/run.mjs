// Browser smoke test and bench (not part of `npm test`): bundles the package with Vite (which
// resolves gpu.js to its browser build), loads it in headless Chromium and reports the modes gpu.js
// sees, the kernel class that ran, and trajectory-steps/s for B in $BATCHES vs the CPU float64
// backend in the same page. With --disable-gpu, WebGL2 runs on SwiftShader (software): not a GPU.
//
//   node bench/browser/run.mjs            # BATCHES=256 by default
import { withBundledPage } from '../../../../tooling/scripts/browser.mjs';

const here = new URL('.', import.meta.url).pathname;
const batches = (process.env.BATCHES ?? '256').split(',').map(Number);
await withBundledPage(
  here,
  'main.ts',
  async (page) => {
    page.on('pageerror', (e) => console.log('page error:', e.message));
    const res = await page.evaluate((batches) => {
      const { availableGpuModes, createGpuBackend, benchEnsemble } = globalThis.entry;
      const gpu = createGpuBackend({ mode: 'gpu', minGpuBatch: 0 });
      const r = gpu.integrateBatch({ kind: 'linear', dim: 1, A: [-1] }, [1, 2], 2, { times: [0, 1] });
      // Agreement of the WebGL kernels with float64 on 8 seeded ReLU flows with biases (RK4, same step).
      const X = Array.from({ length: 24 }, (_, i) => Math.sin(1.7 * i + 0.3));
      const Y = Array.from({ length: 16 }, (_, i) => Math.cos(0.9 * i));
      const mlp = {
        kind: 'layered-flow',
        widths: [3, 5, 4, 2],
        activation: 'relu',
        bias: true,
        loss: { type: 'mse', samples: 8, X, Y },
      };
      const D = 3 * 5 + 5 * 4 + 4 * 2 + 5 + 4 + 2;
      const theta = Array.from({ length: 8 * D }, (_, i) => 0.8 * Math.sin(0.37 * i + 1));
      const opts = { times: [0, 0.5, 1], method: 'rk4', step: 0.05 };
      const a = gpu.integrateBatch(mlp, theta, 8, opts);
      const ref = createGpuBackend({ mode: 'cpu' }).integrateBatch(mlp, theta, 8, opts);
      let maxDiff = 0;
      for (let i = 0; i < a.y.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.y[i] - ref.y[i]));
      // Adaptive DOPRI5 with per-member step control and 5 output times, against float64 at rtol 1e-9,
      // on the same net with identity activations (a smooth flow: ReLU flows may slide along a kink,
      // where no step control converges at rtol 1e-9).
      const dOpts = { times: [0, 0.1, 0.25, 0.4, 0.5], rtol: 1e-5, atol: 1e-7 };
      const smooth = { ...mlp, activation: 'identity' };
      const d = gpu.integrateBatch(smooth, theta, 8, dOpts);
      const dRef = createGpuBackend({ mode: 'cpu' }).integrateBatch(smooth, theta, 8, {
        ...dOpts,
        rtol: 1e-9,
        atol: 1e-11,
      });
      let dopriDiff = 0;
      for (let i = 0; i < d.y.length; i++) dopriDiff = Math.max(dopriDiff, Math.abs(d.y[i] - dRef.y[i]));
      const dopri = { diff: dopriDiff, status: d.status.join(','), readbacks: d.readbacks, rounds: d.rounds };
      const rows = batches.map((batch) => {
        const g = benchEnsemble({ backend: gpu, batch, steps: 4 });
        const c = benchEnsemble({ backend: 'cpu-float64', batch, steps: 4 });
        return {
          batch,
          kernel: g.backendUsed,
          gpuPerS: g.trajectoryStepsPerSecond,
          cpuPerS: c.trajectoryStepsPerSecond,
        };
      });
      return {
        modes: availableGpuModes(),
        backendUsed: r.backendUsed,
        y1: r.y[1],
        rows,
        maxDiff,
        refBackend: ref.backendUsed,
        mlpBackend: a.backendUsed,
        dopri,
      };
    }, batches);
    console.log(`modes: ${res.modes.join(', ')}; kernel class: ${res.backendUsed}; e^-1 ≈ ${res.y1}`);
    console.log(
      `ReLU ensemble: ${res.mlpBackend} vs ${res.refBackend}: max |Δθ| = ${res.maxDiff.toExponential(2)}`,
    );
    console.log(
      `DOPRI5 (rtol 1e-5) on WebGL2 vs float64 (rtol 1e-9): max |Δθ| = ${res.dopri.diff.toExponential(2)}; ` +
        `status ${res.dopri.status}; ${res.dopri.readbacks} read-backs in ${res.dopri.rounds} rounds`,
    );
    for (const r of res.rows) {
      console.log(
        `B=${r.batch}  ${r.kernel}: ${r.gpuPerS.toFixed(0)} traj-steps/s  cpu-float64: ${r.cpuPerS.toFixed(0)} /s  ratio ${(r.gpuPerS / r.cpuPerS).toFixed(2)}`,
      );
    }
  },
  { minify: true },
);
