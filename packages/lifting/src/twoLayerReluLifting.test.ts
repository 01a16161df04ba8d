import { parseNetwork } from '@idyn/graph';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { denseJacobian, denseMetricProduct, fdJacobian, mulJ } from '../test/checks.js';
import { sparseToDense } from './internal/buildLifting.js';
import { pathLifting } from './pathLifting.js';
import { twoLayerReluLifting } from './twoLayerReluLifting.js';

describe('twoLayerReluLifting', () => {
  it('block j is the rank-one u_j v_j^T (hand-computed)', () => {
    // nIn = 2, nHidden = 1, nOut = 2, bias: v_0 = (1, 2, b = 3), u_0 = (4, 5)
    const lift = twoLayerReluLifting([2, 1, 2], { bias: true });
    expect(lift.paramNames).toEqual(['V_0_0', 'V_0_1', 'b_0', 'U_0_0', 'U_1_0']);
    expect(lift.zLabels).toEqual(['z_0_0_0', 'z_0_0_1', 'z_0_0_b', 'z_0_1_0', 'z_0_1_1', 'z_0_1_b']);
    expect(lift.phi([1, 2, 3, 4, 5])).toBeAllClose([4, 8, 12, 5, 10, 15]);
  });

  it.each([false, true])(
    'the sparse and dense Jacobians equal central finite differences; M G equals J J^T G (bias %s)',
    (bias) => {
      const lift = twoLayerReluLifting([3, 4, 2], { bias });
      const rng = createRng(11);
      const theta = rng.normals(lift.D);
      const fd = fdJacobian(lift, theta);
      const J = denseJacobian(lift, theta);
      expect(J).toBeAllClose(fd, { rtol: 1e-7, atol: 1e-8 });
      expect(sparseToDense(lift.jacobianSparse!(theta))).toBeAllClose(J);
      const G = rng.normals(lift.d);
      expect(lift.metricProduct(theta, G)).toBeAllClose(denseMetricProduct(J, lift.d, lift.D, G));
      expect(lift.jvp(theta, G.subarray(0, lift.D))).toBeAllClose(
        mulJ(J, lift.d, lift.D, G.subarray(0, lift.D)),
      );
    },
  );

  it('equals the path-lifting of relu:nIn-nHidden-nOut(+hbias) up to permutations of theta and z', () => {
    for (const bias of [false, true]) {
      const [nIn, nH, nOut] = [3, 4, 2];
      const lift = twoLayerReluLifting([nIn, nH, nOut], { bias });
      const net = parseNetwork(`relu:${nIn}-${nH}-${nOut}${bias ? '+hbias' : ''}`);
      const path = pathLifting(net);
      expect(path.D).toBe(lift.D);
      expect(path.d).toBe(lift.d);
      // theta map by name: V_j_i ↔ w(x_i→h1_j), b_j ↔ b(h1_j), U_a_j ↔ w(h1_j→y_a)
      const netName = (name: string) => {
        const [kind, x, y] = name.split('_');
        if (kind === 'V') return `w(x${y}→h1_${x})`;
        if (kind === 'b') return `b(h1_${x})`;
        return `w(h1_${y}→y${x})`;
      };
      const perm = lift.paramNames.map((nm) => path.paramNames.indexOf(netName(nm)));
      expect(new Set(perm).size).toBe(lift.D);
      expect(perm.includes(-1)).toBe(false);
      const theta = createRng(12).normals(lift.D);
      const thetaNet = new Float64Array(lift.D);
      perm.forEach((k, i) => {
        thetaNet[k] = theta[i]!;
      });
      const zp = path.phi(thetaNet);
      const zl = lift.phi(theta);
      const label = (l: string) => {
        const [, j, a, i] = l.split('_');
        return i === 'b' ? `b(h1_${j})→y${a}` : `x${i}→h1_${j}→y${a}`;
      };
      expect(lift.zLabels.map((l) => zp[path.zLabels.indexOf(label(l))]!)).toBeAllClose(zl);
      expect(lift.lawValues(theta)).toBeAllClose(path.lawValues(thetaNet));
    }
  });

  it('knownLaws are ‖v_j‖² − ‖u_j‖², orthogonal to the Jacobian rows, and polynomials() evaluate to phi', () => {
    const lift = twoLayerReluLifting([2, 3, 2], { bias: true });
    const theta = createRng(13).normals(lift.D);
    const J = denseJacobian(lift, theta);
    const laws = lift.knownLaws();
    expect(laws.length).toBe(3);
    expect(laws.map((h) => h.evaluate(theta))).toBeAllClose(lift.lawValues(theta));
    for (const h of laws) {
      const grad = Float64Array.from({ length: lift.D }, (_, k) => h.derivative(k).evaluate(theta));
      expect(mulJ(J, lift.d, lift.D, grad)).toBeAllClose(new Float64Array(lift.d), { atol: 1e-12 });
    }
    expect(lift.polynomials().map((p) => p.evaluate(theta))).toBeAllClose(lift.phi(theta));
  });

  it('rejects bad sizes and options', () => {
    expect(() => twoLayerReluLifting([0, 1, 1])).toThrow(/widths\[0\] must be a positive integer, got 0/);
    expect(() => twoLayerReluLifting([1, 1, 1, 1])).toThrow(/widths must have 3 entries/);
    expect(() => twoLayerReluLifting([1, 1, 1], { bias: 1 as unknown as boolean })).toThrow(TypeError);
  });
});
