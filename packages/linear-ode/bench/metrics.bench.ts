// Cost of the intrinsic formulas against their parameter-space baselines (seeded inputs).
import { createRng } from '@idyn/linalg';
import { Matrix } from 'ml-matrix';
import { bench, describe } from 'vitest';
import {
  deepIntrinsicMetric,
  linearNetworkMetric,
  logMeanMetric,
  logMeanMetricQuadrature,
  relaxedBalancedDeep,
  relaxedBalancedOdeParameter,
  solveLinearOde,
} from '../src/index.js';

function gaussian(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const M = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, rng.normal());
  return M;
}

for (const n of [3, 8, 16]) {
  describe(`deep relaxed balanced metric, n = ${n}, L = 4`, () => {
    const lambdas = [0.5, -0.2, 0.3];
    const { weights, z } = relaxedBalancedDeep(n, lambdas, { seed: 1 });
    const G = gaussian(n, 2);
    bench('baseline: linearNetworkMetric (from θ)', () => {
      linearNetworkMetric(weights, G);
    });
    bench('deepIntrinsicMetric (from z: SVD + root solves)', () => {
      deepIntrinsicMetric(z, G, lambdas);
    });
  });
}

describe('neural ODE intrinsic metric, n = 4', () => {
  const z = gaussian(4, 3);
  const G = gaussian(4, 4);
  bench('baseline: logMeanMetricQuadrature (201 Simpson nodes)', () => {
    logMeanMetricQuadrature(z, G, 201);
  });
  bench('logMeanMetric (closed form)', () => {
    logMeanMetric(z, G);
  });
});

describe('linear ODE solver, n = 3, 200 steps', () => {
  const { A } = relaxedBalancedOdeParameter({ n: 3, lambda: 0.5, seed: 1 });
  bench('baseline: rk4', () => {
    solveLinearOde(A, { steps: 200, method: 'rk4' });
  });
  bench('magnus4', () => {
    solveLinearOde(A, { steps: 200, method: 'magnus4' });
  });
});
