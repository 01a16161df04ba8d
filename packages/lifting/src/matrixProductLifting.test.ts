import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { denseJacobian, denseMetricProduct, fdJacobian, mulJ, mulJt } from '../test/checks.js';
import { matrixProductLifting } from './matrixProductLifting.js';

const shapes = [
  [2, 3, 2],
  [3, 2, 4, 2],
  [1, 1],
  [2, 2, 2, 2],
  [4, 1, 3],
];

describe('matrixProductLifting', () => {
  it('phi is the matrix product U2 U1 (hand-computed 2x2 example)', () => {
    const lift = matrixProductLifting([2, 2, 2]);
    // U1 = [[1, 2], [3, 4]], U2 = [[0, 1], [1, 1]]: U2 U1 = [[3, 4], [4, 6]]
    expect(lift.phi([1, 2, 3, 4, 0, 1, 1, 1])).toBeAllClose([3, 4, 4, 6]);
  });

  it('has D = Σ n_i n_{i-1}, d = n_L n_0 and names U<i>_<row>_<col>', () => {
    const lift = matrixProductLifting([3, 2, 4, 2]);
    expect(lift.D).toBe(6 + 8 + 8);
    expect(lift.d).toBe(6);
    expect(lift.paramNames[0]).toBe('U1_0_0');
    expect(lift.paramNames[6]).toBe('U2_0_0');
    expect(lift.zLabels[5]).toBe('z_1_2');
  });

  it.each(shapes)('the Jacobian equals central finite differences (widths %j)', (...widths) => {
    const lift = matrixProductLifting(widths);
    const theta = createRng(1).normals(lift.D);
    expect(denseJacobian(lift, theta)).toBeAllClose(fdJacobian(lift, theta), { rtol: 1e-7, atol: 1e-8 });
  });

  it.each(shapes)(
    'jvp, vjp and metricProduct equal products with the dense Jacobian (widths %j)',
    (...widths) => {
      const lift = matrixProductLifting(widths);
      const rng = createRng(2);
      const theta = rng.normals(lift.D);
      const J = denseJacobian(lift, theta);
      const v = rng.normals(lift.D);
      const g = rng.normals(lift.d);
      expect(lift.jvp(theta, v)).toBeAllClose(mulJ(J, lift.d, lift.D, v));
      expect(lift.vjp(theta, g)).toBeAllClose(mulJt(J, lift.d, lift.D, g));
      expect(lift.metricProduct(theta, g)).toBeAllClose(denseMetricProduct(J, lift.d, lift.D, g));
    },
  );

  it('polynomials() evaluated at theta equal phi(theta)', () => {
    const lift = matrixProductLifting([3, 2, 4, 2]);
    const theta = createRng(3).normals(lift.D);
    const z = lift.phi(theta);
    expect(lift.polynomials().map((p) => p.evaluate(theta))).toBeAllClose(z);
  });

  it('known laws are the upper triangles of U_{i+1}^T U_{i+1} - U_i U_i^T and lawValues evaluates them', () => {
    const lift = matrixProductLifting([3, 2, 4, 2]);
    const laws = lift.knownLaws();
    expect(laws.length).toBe(3 + 10); // n_1 = 2 → 3 entries, n_2 = 4 → 10 entries
    const theta = createRng(4).normals(lift.D);
    expect(laws.map((h) => h.evaluate(theta))).toBeAllClose(lift.lawValues(theta));
  });

  it('every known law is conserved: its gradient is orthogonal to every row of the Jacobian (MATH.md §2)', () => {
    for (const widths of shapes) {
      const lift = matrixProductLifting(widths);
      const theta = createRng(5).normals(lift.D);
      const J = denseJacobian(lift, theta);
      for (const h of lift.knownLaws()) {
        const grad = Float64Array.from({ length: lift.D }, (_, k) => h.derivative(k).evaluate(theta));
        expect(mulJ(J, lift.d, lift.D, grad)).toBeAllClose(new Float64Array(lift.d), { atol: 1e-12 });
      }
    }
  });

  it('rejects bad widths and a theta of the wrong length, naming the argument', () => {
    expect(() => matrixProductLifting([2])).toThrow(RangeError);
    expect(() => matrixProductLifting([2, 0, 1])).toThrow(/widths\[1\] must be a positive integer, got 0/);
    expect(() => matrixProductLifting('2-2' as unknown as number[])).toThrow(TypeError);
    const lift = matrixProductLifting([2, 3, 2]);
    expect(() => lift.phi([1, 2])).toThrow(/theta has length 2, expected D = 12/);
    expect(() => lift.metricProduct(new Float64Array(12), [1])).toThrow(/G has length 1, expected d = 4/);
    expect(() => lift.phi(new Float64Array(12).fill(Number.NaN))).toThrow(/theta\[0\] must be finite/);
  });
});
