// Prints every MATH.md §5 figure this package reproduces, next to the reference value.
// Run: npx tsx --conditions=source bench/figures.ts
import { createRng } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import {
  aroraMetric,
  compareLinearFlows,
  deepIntrinsicMetric,
  linearGradientFlow,
  linearNetworkMetric,
  logMeanMetric,
  logMeanMetricQuadrature,
  neuralOdeMetric,
  relaxedBalancedDeep,
  relaxedBalancedOdeParameter,
  relaxedBalancedTwoLayer,
  resnetMetric,
  solveLinearOde,
} from '../src/index.js';
import { maxAbsDiff } from '../src/internal/dense.js';

function gaussian(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  const M = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) M.set(i, j, rng.normal());
  return M;
}
const e = (x: number): string => x.toExponential(2);
const row = (what: string, measured: string, reference: string): void => {
  console.log(`${what.padEnd(62)} ${measured.padEnd(28)} ${reference}`);
};
console.log(`${'figure'.padEnd(62)} ${'measured'.padEnd(28)} MATH.md §5`);

for (const [n, r, m, lambda] of [
  [3, 3, 2, 0.7],
  [2, 3, 3, -0.5],
  [3, 3, 3, 1.5],
] as const) {
  const dev: number[] = [];
  const drift: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const res = compareLinearFlows(relaxedBalancedTwoLayer([m, r, n], lambda, { seed }).weights, { T: 2 });
    dev.push(res.maxDeviation);
    drift.push(res.lawDrift);
  }
  row(
    `two-layer (${n},${r},${m},${lambda}) θ-flow vs §4.3, T=2 (5 seeds)`,
    `${e(Math.min(...dev))}..${e(Math.max(...dev))}`,
    '~1e-12',
  );
}
{
  const dev: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const res = compareLinearFlows(relaxedBalancedTwoLayer([3, 2, 3], 0, { seed }).weights, {
      T: 2,
      model: { kind: 'two-layer', lambda: 0, r: 2 },
    });
    dev.push(res.maxDeviation);
  }
  row(
    'two-layer (3,2,3,0) λ=0, r<n, T=2 (5 seeds)',
    `${e(Math.min(...dev))}..${e(Math.max(...dev))}`,
    '~2.5e-7',
  );
}
{
  const dev: number[] = [];
  const drift: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const U = gaussian(3, 2, 100 + seed);
    const V = gaussian(3, 2, 200 + seed);
    const res = compareLinearFlows([V.transpose(), U], {
      T: 2,
      model: { kind: 'two-layer', lambda: 0, r: 2 },
    });
    dev.push(res.maxDeviation);
    drift.push(linearGradientFlow([V.transpose(), U], { T: 2 }).lawDrift);
  }
  row(
    'negative control generic (3,2,3), λ=0 ODE, T=2',
    `${e(Math.min(...dev))}..${e(Math.max(...dev))}`,
    'O(0.1)',
  );
  row(
    'two-layer any init max|S(T)−S(0)|, T=2',
    `${e(Math.min(...drift))}..${e(Math.max(...drift))}`,
    '~1e-12',
  );
}
{
  const dev: number[] = [];
  const drift: number[] = [];
  const met: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const { weights, z } = relaxedBalancedDeep(3, [0.5, -0.2], { seed });
    const res = compareLinearFlows(weights, { T: 1 });
    dev.push(res.maxDeviation);
    drift.push(res.lawDrift);
    const G = gaussian(3, 3, seed);
    met.push(maxAbsDiff(deepIntrinsicMetric(z, G, [0.5, -0.2]), linearNetworkMetric(weights, G)));
  }
  row('deep (3,3,[0.5,−0.2]) law drift, T=1', `${e(Math.min(...drift))}..${e(Math.max(...drift))}`, '~6e-13');
  row('deep |M(θ)[G] − K(z)[G]|', `${e(Math.min(...met))}..${e(Math.max(...met))}`, '<= 2e-14');
  row('deep θ-flow vs §4.4 ODE, T=1', `${e(Math.min(...dev))}..${e(Math.max(...dev))}`, '<= 1e-11');
}
{
  const met: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const { weights, z } = relaxedBalancedDeep(3, [0, 0], { seed });
    const G = gaussian(3, 3, seed);
    met.push(maxAbsDiff(aroraMetric(z, G, 3), linearNetworkMetric(weights, G)));
  }
  row(
    'Arora formula vs M(θ)[G], balanced L=3, n=3',
    `${e(Math.min(...met))}..${e(Math.max(...met))}`,
    '~2e-15',
  );
}
const G = gaussian(3, 3, 77);
for (const [name, lambda] of [
  ['0.5', 0.5],
  ['2 sin 3s', (s: number) => 2 * Math.sin(3 * s)],
] as const) {
  const p = relaxedBalancedOdeParameter({ n: 3, lambda, seed: 1 });
  const sol = solveLinearOde(p.A, { steps: 2000 });
  const lm = logMeanMetric(sol.z, G);
  row(
    `neural ODE λ=${name}: Simpson(2001) of PPᵀGXᵀX vs log-mean`,
    e(maxAbsDiff(neuralOdeMetric(sol, G), lm)),
    '~2e-10',
  );
  row(
    `neural ODE λ=${name}: Simpson(2001) of (zzᵀ)^{1−s}G(zᵀz)^s vs log-mean`,
    e(maxAbsDiff(logMeanMetricQuadrature(sol.z, G), lm)),
    '~2e-10',
  );
  const Ls = [25, 50, 100, 200, 400];
  const errs = Ls.map((L) => maxAbsDiff(resnetMetric(p.A, L, G).metric, lm));
  row(
    `ResNet metric error λ=${name}, L=${Ls.join(',')}`,
    errs.map(e).join(' '),
    '1.8e-2 9.1e-3 4.5e-3 2.3e-3 1.1e-3',
  );
}
{
  // Observed orders of the ODE solvers.
  const S = gaussian(3, 3, 31);
  const d = [0.7, -0.4, 1.1];
  const Sinv = S.clone();
  const { inverse } = await import('ml-matrix');
  const A = S.mmul(Matrix.diag(d)).mmul(inverse(Sinv));
  const exact = S.mmul(Matrix.diag(d.map(Math.exp))).mmul(inverse(S));
  const steps = [8, 16, 32, 64];
  const errs = steps.map((k) => maxAbsDiff(solveLinearOde(() => A, { steps: k, method: 'rk4' }).z, exact));
  const orders = errs.slice(1).map((x, i) => Math.log2(errs[i]! / x).toFixed(3));
  row('rk4 observed order vs exp(A), constant A (steps 8..64)', orders.join(' '), '4 (theory)');
}
