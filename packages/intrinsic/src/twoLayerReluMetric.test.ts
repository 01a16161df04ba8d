import { createRng } from '@idyn/linalg';
import { twoLayerReluLifting } from '@idyn/lifting';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFlows, twoLayerReluMetric, twoLayerReluModel } from './index.js';

describe('twoLayerReluMetric (MATH.md §4.1)', () => {
  it('equals M(theta) G = Dphi Dphiᵀ G of the two-layer ReLU lifting at random theta, with and without bias', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.boolean(), (seed, bias) => {
        const rng = createRng(seed);
        const widths = [rng.integer(1, 3), rng.integer(1, 4), rng.integer(1, 3)];
        const lift = twoLayerReluLifting(widths, { bias });
        const theta = rng.normals(lift.D);
        const G = rng.normals(lift.d);
        const z = lift.phi(theta);
        // expected: the lifting's own metric product (vjp then jvp), an independent computation
        expect(twoLayerReluMetric(z, G, lift.lawValues(theta), widths, { bias })).toBeAllClose(
          lift.metricProduct(theta, G),
          { rtol: 1e-12, atol: 1e-12 },
        );
      }),
      { numRuns: 40 },
    );
  });

  it('reduces to (u² + v²) g for one neuron with one input and one output (closed form)', () => {
    // u = 2, v = 3: z = 6, delta = v² − u² = 5, M = u² + v² = 13
    expect(twoLayerReluMetric([6], [1], [5], [1, 1, 1])).toBeAllClose([13], {
      rtol: 1e-15,
    });
    // u = 3, v = 2: z = 6, delta = −5 (the other branch of the stable a_j, b_j formulas)
    expect(twoLayerReluMetric([6], [2], [-5], [1, 1, 1])).toBeAllClose([26], {
      rtol: 1e-15,
    });
  });

  it('stays accurate when |delta_j| is much larger than ‖z_j‖ (no cancellation in a_j, b_j)', () => {
    // u = 1e-4, v = 1e4: a = 1e-8, b = 1e8, M = a + b; the naive (rho − delta)/2 would lose a entirely
    const u = 1e-4;
    const v = 1e4;
    const out = twoLayerReluMetric([u * v], [1], [v * v - u * u], [1, 1, 1]);
    expect(out).toBeAllClose([u * u + v * v], { rtol: 1e-14 });
  });

  it('throws naming the hidden neuron when some z_j = 0', () => {
    const z = [1, 2, 0, 0];
    expect(() => twoLayerReluMetric(z, [1, 1, 1, 1], [0, 1], [2, 2, 1])).toThrow(
      /z_1 = 0 for hidden neuron j = 1/,
    );
  });

  it('rejects bad shapes and lengths with the argument named', () => {
    expect(() => twoLayerReluMetric([1], [1], [0], [0, 1, 1])).toThrow(
      /widths\[0\] must be a positive integer/,
    );
    expect(() => twoLayerReluMetric([1], [1], [0], [1, 1, 1], { bias: 'yes' as unknown as boolean })).toThrow(
      /options.bias must be a boolean/,
    );
    expect(() => twoLayerReluMetric([1, 2], [1], [0], [1, 1, 1])).toThrow(/z has length 2, expected/);
    expect(() => twoLayerReluMetric([1], [Number.NaN], [0], [1, 1, 1])).toThrow(/G\[0\]/);
    expect(() => twoLayerReluMetric([1], [1], [0, 1], [1, 1, 1])).toThrow(/delta has length 2/);
  });
});

describe('twoLayerReluModel and compareFlows (MATH.md §4.1, §5)', () => {
  const widths = [3, 4, 2];

  it('agrees with the theta-flow to <= 1e-9 at T = 1.5 with the synthetic loss of §5 (reference ~2e-11)', () => {
    const rng = createRng(7);
    const theta0 = rng.normals(20);
    const Y = rng.normals(24);
    const r = compareFlows(twoLayerReluModel(widths, theta0), {
      loss: { type: 'synthetic', Y },
      times: [0, 0.5, 1, 1.5],
      rtol: 1e-11,
      atol: 1e-12,
    });
    expect(r.status).toEqual({ theta: 'success', intrinsic: 'success' });
    expect(r.times).toBeAllClose([0, 0.5, 1, 1.5]);
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
    expect(r.lawDrift).toBeLessThanOrEqual(1e-10);
    expect(r.recovery).toBeNull();
  });

  it('agrees with the theta-flow with hidden biases (a bias is an extra input column of ones)', () => {
    const rng = createRng(8);
    const theta0 = rng.normals(4 * (4 + 2));
    const Y = rng.normals(4 * 2 * 4);
    const r = compareFlows(twoLayerReluModel(widths, theta0, { bias: true }), {
      loss: { type: 'synthetic', Y },
      tEnd: 1,
    });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
  });

  it('deviates visibly with the laws of another leaf (negative control)', () => {
    const rng = createRng(7);
    const theta0 = rng.normals(20);
    const Y = rng.normals(24);
    const wrong = twoLayerReluLifting([3, 4, 2])
      .lawValues(theta0)
      .map((h) => h + 1);
    const r = compareFlows(twoLayerReluModel(widths, theta0, { laws: wrong }), {
      loss: { type: 'synthetic', Y },
      tEnd: 1.5,
    });
    expect(r.maxDeviation).toBeGreaterThan(1e-2);
  });

  it('reproject restores the laws of theta0 and keeps z', () => {
    const rng = createRng(3);
    const theta0 = rng.normals(20);
    const model = twoLayerReluModel(widths, theta0);
    const drifted = rng.normals(20);
    const back = model.reproject!(drifted);
    expect(model.lifting.lawValues(back)).toBeAllClose(model.laws, { rtol: 1e-13, atol: 1e-13 });
    expect(model.lifting.phi(back)).toBeAllClose(model.lifting.phi(drifted), { rtol: 1e-13, atol: 1e-14 });
  });
});
