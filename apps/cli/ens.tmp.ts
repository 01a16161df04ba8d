const { createGpuBackend } = await import('@idyn/integrators-gpu');
const { cpuBackend } = await import('@idyn/integrators');
const { parseNetwork, initGaussian } = await import('@idyn/graph');
const net = parseNetwork('relu:2-4-1+bias');
const B = Number(process.argv[3] ?? 128);
const y0 = new Float64Array(B * net.D);
for (let b = 0; b < B; b++) y0.set(initGaussian(net, { seed: b }), b * net.D);
const X = [0.5, -1, 1.2, 0.4, -0.3, 0.8, 0.9, 0.9],
  Y = [0.3, -0.7, 1.1, 0.2];
const problem = {
  kind: 'layered-flow' as const,
  widths: [2, 4, 1],
  activation: 'relu' as const,
  bias: true,
  loss: { type: 'mse' as const, samples: 4, X, Y },
};
let t0 = performance.now();
const g = createGpuBackend({ mode: process.argv[2] as any });
const r = g.integrateBatch(problem, y0, B, { times: [0, 0.5, 1], rtol: 1e-4, atol: 1e-6 });
console.log(
  'gpu',
  r.backend,
  r.backendUsed,
  (performance.now() - t0).toFixed(0),
  r.status.slice(0, 3),
  Math.max(...r.lawDrift),
  r.batchEvaluations,
);
t0 = performance.now();
const c = cpuBackend.integrateBatch(problem, y0, B, { times: [0, 0.5, 1], rtol: 1e-4, atol: 1e-6 });
console.log('cpu', c.backend, (performance.now() - t0).toFixed(0));
let m = 0;
for (let i = 0; i < c.y.length; i++) m = Math.max(m, Math.abs(c.y[i]! - r.y[i]!));
console.log('maxdiff', m);
