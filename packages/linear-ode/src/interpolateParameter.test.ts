import { maxAbsDiff } from '@idyn/linalg';
import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { observedOrder } from '../test/closedForms.js';
import { interpolateParameter } from './interpolateParameter.js';
import { solveLinearOde } from './solveLinearOde.js';

const f = (s: number): Matrix =>
  new Matrix([
    [Math.sin(3 * s), Math.exp(-s)],
    [s * s, Math.cos(2 * s) - 1],
  ]);

function sampled(N: number): { grid: number[]; values: Matrix[] } {
  const grid = Array.from({ length: N + 1 }, (_, j) => j / N);
  return { grid, values: grid.map(f) };
}

describe('interpolateParameter', () => {
  it.each(['linear', 'cubic'] as const)(
    '%s interpolates the grid values and reproduces affine A exactly',
    (kind) => {
      const { grid, values } = sampled(7);
      const A = interpolateParameter(grid, values, { kind });
      grid.forEach((s, j) => {
        expect(A(s)).toBeAllClose(values[j]!, { rtol: 0, atol: 1e-15 });
      });
      const M0 = new Matrix([
        [1, -2],
        [0.5, 3],
      ]);
      const M1 = new Matrix([
        [0.2, 1],
        [-1, 4],
      ]);
      const affine = (s: number): Matrix => Matrix.add(M0, Matrix.mul(M1, s));
      const B = interpolateParameter(grid, grid.map(affine), { kind });
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (s) => {
          expect(B(s)).toBeAllClose(affine(s), { rtol: 1e-13, atol: 1e-13 });
        }),
        { numRuns: 25 },
      );
    },
  );

  it('converges with order 2 (linear) and ≥ 2 (natural cubic) in the grid step', () => {
    const Ns = [8, 16, 32, 64];
    const probe = Array.from({ length: 101 }, (_, i) => i / 100);
    const err = (kind: 'linear' | 'cubic') =>
      Ns.map((N) => {
        const { grid, values } = sampled(N);
        const A = interpolateParameter(grid, values, { kind });
        return Math.max(...probe.map((s) => maxAbsDiff(A(s), f(s))));
      });
    const lin = observedOrder(Ns, err('linear'));
    expect(lin).toBeGreaterThan(1.9);
    expect(lin).toBeLessThan(2.1);
    const cub = err('cubic');
    expect(observedOrder(Ns, cub)).toBeGreaterThan(1.9);
    expect(cub.at(-1)!).toBeLessThan(1e-4);
  });

  it('feeds the ODE solver: X(1) from a 201-node cubic grid is close to X(1) from the function', () => {
    const { grid, values } = sampled(200);
    const z = solveLinearOde(interpolateParameter(grid, values), { steps: 200 }).z;
    expect(z).toBeAllClose(solveLinearOde(f, { steps: 200 }).z, { rtol: 1e-5, atol: 1e-6 });
  });

  it('rejects bad grids and out-of-range s', () => {
    const { grid, values } = sampled(3);
    expect(() => interpolateParameter([0, 0.5, 0.5, 1], values)).toThrow(/strictly increasing/);
    expect(() => interpolateParameter(grid, values.slice(1))).toThrow(
      'interpolateParameter: values has length 3, expected 4 (grid length)',
    );
    expect(() => interpolateParameter(grid, values)(1.5)).toThrow(
      'interpolateParameter: s = 1.5 is outside [0, 1]',
    );
  });
});
