import { createRng } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import {
  logMeanMetric,
  logMeanMetricQuadrature,
  neuralOdeLaw,
  neuralOdeMetric,
  relaxedBalancedOdeParameter,
  resnetMetric,
  solveLinearOde,
} from '../src/index.js';
import { maxAbsDiff } from '../src/internal/dense.js';
const rng = createRng(5);
const G = new Matrix(3, 3);
for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) G.set(i, j, rng.normal());
for (const lambda of [0.5, (s: number) => 2 * Math.sin(3 * s)]) {
  const p = relaxedBalancedOdeParameter({ n: 3, lambda, seed: 1 });
  console.log(
    'C(0.3)',
    neuralOdeLaw(p.A, 0.3)
      .to2DArray()
      .map((r) => r.map((x) => x.toFixed(10))),
    p.lambda(0.3),
  );
  const t0 = performance.now();
  const sol = solveLinearOde(p.A, { steps: 2000 });
  console.log('solve ms', performance.now() - t0);
  const q = neuralOdeMetric(sol, G);
  const lm = logMeanMetric(sol.z, G);
  console.log('quad vs logmean', maxAbsDiff(q, lm), 'scale', Math.max(...lm.to1DArray().map(Math.abs)));
  console.log('logmean quad', maxAbsDiff(logMeanMetricQuadrature(sol.z, G), lm));
  const errs: number[] = [];
  for (const L of [25, 50, 100, 200, 400]) {
    const r = resnetMetric(p.A, L, G);
    errs.push(maxAbsDiff(r.metric, q));
  }
  console.log(
    'resnet',
    errs.map((e) => e.toExponential(2)),
  );
}
