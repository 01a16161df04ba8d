import { parseNetwork, rescalingLaws } from '@idyn/graph';
import { integrate } from '@idyn/integrators';
import { createRng } from '@idyn/linalg';
import { pathLifting } from '@idyn/lifting';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFlows, pathIntrinsicModel, scalarChainMetric } from './index.js';

const finite = fc.double({ min: 0.05, max: 3, noNaN: true });
const signed = (x: fc.Arbitrary<number>) => fc.tuple(x, fc.boolean()).map(([v, s]) => (s ? v : -v));

describe('scalarChainMetric: the depth-3 scalar chain x ↦ w·σ(v·σ(u·x))', () => {
  it('recovers b = v² and M = (vw)² + (uw)² + (uv)² from z = uvw and the two laws', () => {
    fc.assert(
      fc.property(signed(finite), signed(finite), signed(finite), (u, v, w) => {
        const r = scalarChainMetric(u * v * w, u * u - v * v, v * v - w * w);
        // expected: the definitions (b = v²) and M = Dφ Dφᵀ of φ = u v w, by hand
        expect(r.b).toBeAllClose(v * v, { rtol: 1e-11, atol: 1e-13 });
        expect(r.u2).toBeAllClose(u * u, { rtol: 1e-11, atol: 1e-13 });
        expect(r.w2).toBeAllClose(w * w, { rtol: 1e-11, atol: 1e-13 });
        expect(r.metric).toBeAllClose((v * w) ** 2 + (u * w) ** 2 + (u * v) ** 2, { rtol: 1e-11 });
      }),
      { numRuns: 50 },
    );
  });

  it('worked example u, v, w = 2, 3, 1: b = 9, M = 49', () => {
    const r = scalarChainMetric(6, 4 - 9, 9 - 1);
    expect([r.b, r.u2, r.w2, r.metric]).toBeAllClose([9, 4, 1, 49], { rtol: 1e-14 });
  });

  it('agrees with the general recovery K(z) = M(theta*) of the path-lifting of relu:1-1-1-1', () => {
    const net = parseNetwork('relu:1-1-1-1'); // theta = (u, v, w)
    const lift = pathLifting(net);
    const rng = createRng(61);
    for (let k = 0; k < 10; k++) {
      const theta = rng.normals(3).map((x) => x + Math.sign(x) * 0.2);
      const [d1, d2] = rescalingLaws(net, theta);
      const model = pathIntrinsicModel(net, theta);
      const z = lift.phi(theta)[0]!;
      const zNew = z * (1 + 0.3 * rng.normal());
      expect(model.metricProduct([zNew], [1])[0]).toBeAllClose(scalarChainMetric(zNew, d1!, d2!).metric, {
        rtol: 1e-10,
      });
    }
  });

  it('its ODE z′ = −K(z) f′(z) matches the theta-flow and the general z-flow', () => {
    const net = parseNetwork('relu:1-1-1-1');
    const theta0 = [0.7, -1.3, 0.9];
    const [d1, d2] = rescalingLaws(net, theta0);
    const target = 2.5;
    const fprime = (z: number) => z - target + 0.1 * z ** 3; // MATH.md §5 loss, d = 1
    const times = [0, 0.5, 1, 1.5];
    const chain = integrate(
      {
        dim: 1,
        rhs: (_t, y, dy) => {
          dy[0] = -scalarChainMetric(y[0]!, d1!, d2!).metric * fprime(y[0]!);
        },
      },
      [theta0[0]! * theta0[1]! * theta0[2]!],
      { times, rtol: 1e-12, atol: 1e-14 },
    );
    const r = compareFlows(pathIntrinsicModel(net, theta0), {
      loss: { type: 'function', gradient: (z) => [fprime(z[0]!)] },
      times,
    });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-9);
    expect(chain.y).toBeAllClose(r.zTheta, { rtol: 1e-9, atol: 1e-11 });
  });

  it('handles z = 0 (b = max(0, −delta1, delta2)) and rejects non-finite arguments', () => {
    expect(scalarChainMetric(0, 1, -2).b).toBe(0);
    expect(scalarChainMetric(0, -1, 0.5).b).toBe(1);
    expect(() => scalarChainMetric(Number.NaN, 0, 0)).toThrow(/z must be a finite number/);
    expect(() => scalarChainMetric(1, Number.POSITIVE_INFINITY, 0)).toThrow(/delta1/);
    expect(() => scalarChainMetric(1, 0, '1' as never)).toThrow(TypeError);
  });
});
