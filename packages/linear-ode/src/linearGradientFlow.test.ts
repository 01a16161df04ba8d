import { maxAbsDiff } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { randomMatrix } from '../test/helpers.js';
import { intrinsicLinearFlow } from './intrinsicLinearFlow.js';
import { linearGradientFlow } from './linearGradientFlow.js';
import { syntheticLoss } from './syntheticLoss.js';

describe('linearGradientFlow', () => {
  it.each([
    [3, 2, 3],
    [2, 3, 2],
    [4, 2, 1],
  ])(
    'conserves S = Uᵀ U − Vᵀ V to ≤ 1e-11 at T = 2 from any init (n, r, m) = (%i, %i, %i) (measured 1e-12..3e-12; MATH.md §5: ~1e-12)',
    (n, r, m) => {
      const U = randomMatrix(n, r, 10 + n);
      const V = randomMatrix(m, r, 20 + m);
      const res = linearGradientFlow([V.transpose(), U], { T: 2 });
      expect(res.status).toBe('success');
      expect(res.lawDrift).toBeLessThanOrEqual(1e-11);
    },
  );

  it('decreases the loss monotonically', () => {
    const loss = syntheticLoss(3, 3, { seed: 4 });
    const res = linearGradientFlow([randomMatrix(3, 3, 1), randomMatrix(3, 3, 2)], { T: 1, loss });
    const values = res.z.map((z) => loss.value(z));
    for (let k = 1; k < values.length; k++) expect(values[k]!).toBeLessThan(values[k - 1]!);
  });

  it('with one layer is the plain flow z′ = −∇f(z), the L = 1 balanced intrinsic flow', () => {
    const z0 = randomMatrix(2, 3, 6);
    const a = linearGradientFlow([z0], { T: 1 });
    const b = intrinsicLinearFlow(z0, { kind: 'balanced', L: 1 }, { T: 1 });
    a.z.forEach((z, k) => {
      expect(maxAbsDiff(z, b.z[k]!)).toBeLessThan(1e-10);
    });
  });

  it('stores trajectories at the requested times', () => {
    const res = linearGradientFlow([randomMatrix(2, 2, 1), randomMatrix(2, 2, 2)], { times: [0, 0.25, 0.5] });
    expect(Array.from(res.times)).toEqual([0, 0.25, 0.5]);
    expect(res.weights).toHaveLength(3);
    expect(res.z[0]!).toBeAllClose(randomMatrix(2, 2, 2).mmul(randomMatrix(2, 2, 1)), {
      rtol: 0,
      atol: 1e-15,
    });
  });
});

describe('syntheticLoss (MATH.md §5)', () => {
  it('has gradient (z − Y) + 0.1 z³, matching central differences of its value', () => {
    const loss = syntheticLoss(2, 3, { seed: 3 });
    const z = randomMatrix(2, 3, 9);
    const G = loss.gradient(z);
    const h = 1e-5;
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const zp = z.clone();
        const zm = z.clone();
        zp.set(i, j, z.get(i, j) + h);
        zm.set(i, j, z.get(i, j) - h);
        expect(G.get(i, j)).toBeAllClose((loss.value(zp) - loss.value(zm)) / (2 * h), {
          rtol: 1e-8,
          atol: 1e-9,
        });
      }
    expect(loss.gradient(loss.target)).toBeAllClose(loss.target.clone().pow(3).mul(0.1), {
      rtol: 1e-15,
      atol: 0,
    });
  });
});
