import { initGaussian, parseNetwork, rescaleNeurons, rescalingLaws } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import { createRng } from '@idyn/linalg';
import { flipNeuron, pathLifting } from '@idyn/lifting';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recoverTheta, scalarChainMetric } from './index.js';

const dag = (seed: number) =>
  randomDag(createRng(seed), { layers: [1, 3], width: [1, 3], skipProbability: 0.4, biasProbability: 0.5 });

describe('recoverTheta (MATH.md §4.2)', () => {
  it('balances the scalar chain x ↦ w2·σ(w1·x) in closed form', () => {
    const net = parseNetwork('relu:1-1-1');
    // w1 w2 = 4 and w1² − w2² = 0 give w1 = w2 = 2
    expect(recoverTheta(net, [4, 1], [0]).theta).toBeAllClose([2, 2], { rtol: 1e-14 });
    // w1² − w2² = 12: w1² = (12 + √(144 + 64))/2 (closed form), w2 = 4/w1
    const w1 = Math.sqrt((12 + Math.sqrt(208)) / 2);
    expect(recoverTheta(net, [4, 1], [12]).theta).toBeAllClose([w1, 4 / w1], { rtol: 1e-14 });
  });

  it('undoes a random positive rescaling on random DAGs with skips and biases: theta* is the original theta, relative law residual <= tol', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const net = dag(seed);
        const rng = createRng(seed + 1);
        const theta = initGaussian(net, { seed, scale: 1, biasScale: 1 });
        const factors = net.nodes.map((_, v) => (net.lawNodes.includes(v) ? Math.exp(rng.normal()) : 1));
        const moved = rescaleNeurons(net, theta, factors);
        const r = recoverTheta(net, moved, rescalingLaws(net, theta));
        // expected: theta itself (uniqueness of theta* on the orbit, MATH.md §4.2)
        expect(r.theta).toBeAllClose(theta, { rtol: 1e-10, atol: 1e-12 });
        // the API's stopping rule: |h_v − h0_v| <= tol (s_v + |h0_v|), tol = 1e-13 by default
        expect(r.relativeResidual).toBeLessThanOrEqual(1e-13);
        expect(r.iterations).toBeLessThanOrEqual(20);
      }),
      { numRuns: 30 },
    );
  });

  it('keeps Phi and reaches prescribed laws on random DAGs whose parameters are all nonzero (then every target is reachable)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const net = dag(seed);
        const theta = initGaussian(net, { seed, scale: 1, biasScale: 1 });
        const h = rescalingLaws(net, theta);
        const rng = createRng(seed + 2);
        const target = h.map((x) => x + 0.1 * rng.normal());
        const r = recoverTheta(net, theta, target);
        const lift = pathLifting(net);
        // expected: Phi unchanged (the orbit), laws = target (evaluated by rescalingLaws, not by the solver)
        expect(lift.phi(r.theta)).toBeAllClose(lift.phi(theta), { rtol: 1e-11, atol: 1e-13 });
        expect(rescalingLaws(net, r.theta)).toBeAllClose(target, { rtol: 1e-11, atol: 1e-12 });
        expect(r.relativeResidual).toBeLessThanOrEqual(1e-13);
      }),
      { numRuns: 30 },
    );
  });

  it('matches the cubic of the depth-3 scalar chain (scalarChainMetric, a one-dimensional oracle) for random z and laws', () => {
    const net = parseNetwork('relu:1-1-1-1'); // theta = (u, v, w), z = u v w
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (z, delta1, delta2) => {
          const r = recoverTheta(net, [z, 1, 1], [delta1, delta2]);
          // expected: u² = b + delta1, v² = b, w² = b − delta2 with b the root of
          // (b + delta1) b (b − delta2) = z² (MATH.md §4.2), signs of the representative kept (all +)
          const { b, u2, w2 } = scalarChainMetric(z, delta1, delta2);
          expect(r.theta).toBeAllClose([Math.sqrt(u2), Math.sqrt(b), Math.sqrt(w2)], { rtol: 1e-10 });
        },
      ),
      { numRuns: 50, seed: 18 },
    );
  });

  it('keeps the sign of every neuron of the representative (theta* is unique only up to sign flips)', () => {
    const net = parseNetwork('relu:2-3-1');
    const theta = initGaussian(net, { seed: 4, scale: 1 });
    const flipped = flipNeuron(net, theta, 'h1_1');
    const h = rescalingLaws(net, theta);
    expect(recoverTheta(net, flipped, h).theta).toBeAllClose(flipped, { rtol: 1e-12, atol: 1e-14 });
  });

  it('re-projects a drifting theta onto its law level set without moving Phi', () => {
    const net = parseNetwork('relu:2-3-2+bias');
    const theta = initGaussian(net, { seed: 5, scale: 1, biasScale: 1 });
    const h0 = rescalingLaws(net, theta);
    // a drift along the rescaling orbit (what DOPRI5 rounding or Euler steps produce in h)
    const drifted = rescaleNeurons(
      net,
      theta,
      net.nodes.map((_, v) => (net.hidden.includes(v) ? 1.01 : 1)),
    );
    expect(Math.max(...rescalingLaws(net, drifted).map((x, i) => Math.abs(x - h0[i]!)))).toBeGreaterThan(
      1e-3,
    );
    const r = recoverTheta(net, drifted, h0);
    expect(r.theta).toBeAllClose(theta, { rtol: 1e-12, atol: 1e-14 });
  });

  it('says why when a neuron has all its incident weights zero (F not strictly convex)', () => {
    const net = parseNetwork('relu:1-2-1'); // theta = (x0→h1_0, x0→h1_1, h1_0→y0, h1_1→y0)
    expect(() => recoverTheta(net, [1, 0, 1, 0], [0, 0])).toThrow(
      /neuron "h1_1" has all its incident weights \(and bias\) equal to 0, so F\(mu\) - <h0, mu> is not strictly convex/,
    );
  });

  it('says why when the target is unreachable (a neuron without outgoing weight needs h0 > 0)', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(() => recoverTheta(net, [1, 0], [-1])).toThrow(
      /log-factor of neuron "h1_0" diverges .* h0 = -1 is not reachable/,
    );
  });

  it('says why at the iteration cap', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(() => recoverTheta(net, [100, 0.01], [0], { maxIterations: 1 })).toThrow(
      /did not converge in 1 iterations: neuron "h1_0"/,
    );
  });

  it('validates its arguments, naming them', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(() => recoverTheta(net, [1], [0])).toThrow(/thetaTilde has length 1, expected D = 2/);
    expect(() => recoverTheta(net, [1, 1], [0, 1])).toThrow(/laws has length 2/);
    expect(() => recoverTheta(net, [1, Number.POSITIVE_INFINITY], [0])).toThrow(
      /thetaTilde\[1\] must be finite/,
    );
    expect(() => recoverTheta(net, [1, 1], [0], { tol: 0 })).toThrow(/options.tol/);
    expect(() => recoverTheta({} as never, [1, 1], [0])).toThrow(TypeError);
  });
});
