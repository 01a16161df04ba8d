import { cpuBackend } from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
const rng = createRng(3);
const widths = [8, 16, 16, 1];
const p = {
  kind: 'layered-flow',
  widths,
  activation: 'relu',
  bias: true,
  loss: { type: 'mse', samples: 32, X: rng.normals(256), Y: rng.normals(32) },
} as const;
const D = 433;
const B = 4;
const theta = createRng(12).normals(B * D, 0.5);
for (const rtol of [1e-8, 1e-9]) {
  const t0 = performance.now();
  const q = cpuBackend.integrateBatch(p, theta, B, { times: [0, 0.1, 0.2], rtol, atol: rtol * 1e-2 });
  console.log(rtol, q.stats, q.status, performance.now() - t0);
}
