import { checkCriteria } from '@idyn/conservation';
import { initGaussian, parseNetwork, rescalingLaws } from '@idyn/graph';
import { integrate } from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { compareFlows, pathIntrinsicModel, recoverTheta, twoLayerReluModel } from './index.js';

// The case of the CLI report `idyn flow relu:2-3-3-1+bias --init gaussian:1` (synthetic:0 loss,
// 21 output times on [0, 1], rtol 1e-11, atol 1e-12): the theta-flow drives w(h2_1→y0), the only
// outgoing weight of h2_1, through 0, a non-recoverable point (MATH.md §3).
const net = parseNetwork('relu:2-3-3-1+bias');
const theta0 = initGaussian(net, { seed: 1 });
const model = pathIntrinsicModel(net, theta0);
const lift = model.lifting;
const { d, D } = lift;
const Y = createRng(0).normals(d);
const times = Float64Array.from({ length: 21 }, (_, i) => i / 20);
const c = net.paramNames.indexOf('w(h2_1→y0)');
const incoming = ['w(h1_0→h2_1)', 'w(h1_1→h2_1)', 'w(h1_2→h2_1)', 'b(h2_1)'].map((n) =>
  net.paramNames.indexOf(n),
);
const result = compareFlows(model, { loss: { type: 'synthetic', Y }, times, rtol: 1e-11, atol: 1e-12 });
const gradF = (z: Float64Array) => z.map((x, p) => x - Y[p]! + 0.1 * x ** 3); // MATH.md §5 loss

describe('compareFlows: crossings of non-recoverable points (MATH.md §3)', () => {
  it('flags the sign change of the only outgoing weight of h2_1 in relu:2-3-3-1+bias, at the time the theta-flow zeroes it', () => {
    expect(result.singularCrossings).toHaveLength(1);
    const x = result.singularCrossings[0]!;
    expect([x.neuron, x.parameter, x.side]).toEqual(['h2_1', 'w(h2_1→y0)', 'outgoing']);
    // independent location: the output rows bracket the sign change (t = 0.20 and 0.25) ...
    expect(result.theta[4 * D + c]!).toBeLessThan(0);
    expect(result.theta[5 * D + c]!).toBeGreaterThan(0);
    expect(x.t).toBeGreaterThan(0.2);
    expect(x.t).toBeLessThan(0.25);
    // ... and a separate, tighter theta-flow run to x.t lands on w(h2_1→y0) = 0 (|c'| ≈ 0.5)
    const again = integrate(
      {
        dim: D,
        rhs(_t, th, dth) {
          const g = lift.vjp(th, gradF(lift.phi(th)));
          for (let k = 0; k < D; k++) dth[k] = -g[k]!;
        },
      },
      theta0,
      { method: 'dopri5', rtol: 1e-13, atol: 1e-14, times: [0, x.t] },
    );
    expect(Math.abs(again.yStop[c]!)).toBeLessThan(1e-9);
    expect(x.theta).toBeAllClose(again.yStop, { rtol: 1e-8, atol: 1e-9 });
  });

  it('measures rank [DPhi; Dh] = D − 3 at the crossing (3 incoming weights + bias, less the law), as @idyn/conservation does', () => {
    const x = result.singularCrossings[0]!;
    expect(x.rankDeficiency).toBe(3);
    const at = x.theta.slice();
    at[c] = 0;
    const criteria = checkCriteria(lift, at);
    expect(criteria.rankStacked).toBe(D - 3);
    expect(criteria.recoverable).toBe(false);
    expect(checkCriteria(lift, theta0).recoverable).toBe(true);
  });

  it('K is not a function of z at the crossing: two leaf points with the same z and h give different M', () => {
    const at = result.singularCrossings[0]!.theta.slice();
    at[c] = 0;
    const h0 = rescalingLaws(net, theta0);
    const base = recoverTheta(net, at, h0).theta;
    // permute h2_1's incoming weights and bias: invisible in z while w(h2_1→y0) = 0; then put the
    // point back on the leaf by rescaling (which keeps z)
    const other = base.slice();
    incoming.forEach((p, k) => {
      other[p] = base[incoming[(k + 1) % incoming.length]!]!;
    });
    const moved = recoverTheta(net, other, h0).theta;
    expect(lift.phi(moved)).toBeAllClose(lift.phi(base), { rtol: 0, atol: 1e-14 });
    expect(lift.lawValues(moved)).toBeAllClose(h0, { rtol: 0, atol: 1e-12 });
    const G = gradF(lift.phi(base));
    const k1 = lift.metricProduct(base, G);
    const k2 = lift.metricProduct(moved, G);
    let gap = 0;
    for (let p = 0; p < d; p++) gap = Math.max(gap, Math.abs(k1[p]! - k2[p]!));
    expect(gap).toBeGreaterThan(0.5); // measured 1.48
  });

  it('agrees to 1e-9 before the crossing; after it the deviation follows the crossing weight (an error frozen in h2_1’s incoming weights)', () => {
    for (let i = 0; i <= 4; i++) expect(result.deviation[i]!).toBeLessThan(1e-9);
    // relative sigma_min of [DPhi; Dh] dips at the output time nearest the crossing
    const s = result.relativeSigmaMin!;
    expect(s).toHaveLength(21);
    let argmin = 0;
    for (let i = 1; i < s.length; i++) if (s[i]! < s[argmin]!) argmin = i;
    expect(argmin).toBe(5);
    expect(s[5]!).toBeLessThan(1e-3);
    expect(s[0]!).toBeGreaterThan(1e-2);
    // deviation / |w(h2_1→y0)| is nearly constant after the crossing: z sees the frozen error of
    // the incoming weights through the product with the outgoing one
    const ratio = (i: number) => result.deviation[i]! / Math.abs(result.theta[i * D + c]!);
    for (let i = 8; i <= 20; i++) {
      expect(ratio(i) / ratio(20)).toBeGreaterThan(0.8);
      expect(ratio(i) / ratio(20)).toBeLessThan(1.25);
    }
    // the recovered theta* differs from theta(t) mostly on those incoming weights
    expect(result.recovery!.thetaDeviation).toBeGreaterThan(result.maxDeviation);
    expect(result.recovery!.fibreResidual).toBeLessThan(1e-11);
  });

  it('watches the only incoming weight of a neuron without bias (relu:1-2-2: rank deficiency 1)', () => {
    const n2 = parseNetwork('relu:1-2-2');
    const m2 = pathIntrinsicModel(n2, initGaussian(n2, { seed: 21 }));
    const r = compareFlows(m2, {
      loss: { type: 'synthetic', Y: createRng(0).normals(m2.lifting.d) },
      times: Float64Array.from({ length: 11 }, (_, i) => i / 10),
    });
    expect(r.singularCrossings).toHaveLength(1);
    const x = r.singularCrossings[0]!;
    expect([x.neuron, x.parameter, x.side, x.rankDeficiency]).toEqual(['h1_0', 'w(x0→h1_0)', 'incoming', 1]);
    const p = n2.paramNames.indexOf('w(x0→h1_0)');
    const i = Math.floor(x.t * 10);
    expect(r.theta[i * n2.D + p]! * r.theta[(i + 1) * n2.D + p]!).toBeLessThan(0);
  });

  it('reports nothing on a recoverable trajectory (relu:2-3-2) and nothing for closed-form models', () => {
    const n3 = parseNetwork('relu:2-3-2');
    const m3 = pathIntrinsicModel(n3, initGaussian(n3, { seed: 1 }));
    const r = compareFlows(m3, {
      loss: { type: 'synthetic', Y: createRng(0).normals(m3.lifting.d) },
      times: [0, 0.5, 1],
    });
    expect(r.singularCrossings).toEqual([]);
    expect(Math.min(...r.relativeSigmaMin!)).toBeGreaterThan(1e-2);
    expect(r.maxDeviation).toBeLessThan(1e-9);
    const closed = compareFlows(twoLayerReluModel([1, 2, 1], [1, 2, 3, 4]), {
      loss: { type: 'synthetic', Y: [1, 1] },
    });
    expect(closed.singularCrossings).toEqual([]);
    expect(closed.relativeSigmaMin).toBeNull();
  });
});
