import { initGaussian, parseNetwork, rescaleNeurons, rescalingLaws } from '@idyn/graph';
import { randomDag } from '@idyn/graph/testing';
import { createRng } from '@idyn/linalg';
import { flipNeuron } from '@idyn/lifting';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathIntrinsicModel, recoverTheta } from './index.js';

describe('K(z) depends on z and h0 only (MATH.md §4.2, §5 invariances)', () => {
  it('is the same for models built from theta0, from a positive rescaling of it with the laws of theta0, and from a sign flip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const net = randomDag(createRng(seed), {
          layers: [1, 2],
          skipProbability: 0.4,
          biasProbability: 0.5,
        });
        const theta0 = initGaussian(net, { seed, scale: 1, biasScale: 1 });
        const h0 = rescalingLaws(net, theta0);
        const rng = createRng(seed + 7);
        const factors = net.nodes.map((_, v) => (net.hidden.includes(v) ? Math.exp(0.5 * rng.normal()) : 1));
        const rescaled = rescaleNeurons(net, theta0, factors); // same z, other laws
        const flipped = flipNeuron(net, theta0, net.hidden[0]!); // same z, same laws, other function
        const a = pathIntrinsicModel(net, theta0);
        const b = pathIntrinsicModel(net, rescaled, { laws: h0 });
        const c = pathIntrinsicModel(net, flipped);
        // a nearby point of the leaf
        const theta1 = recoverTheta(
          net,
          theta0.map((x) => x + 0.02 * rng.normal()),
          h0,
        ).theta;
        const z = a.lifting.phi(theta1);
        const G = rng.normals(a.lifting.d);
        const expected = a.lifting.metricProduct(theta1, G); // M(theta1) G, MATH.md §0
        expect(a.metricProduct(z, G)).toBeAllClose(expected, { rtol: 1e-9, atol: 1e-11 });
        expect(b.metricProduct(z, G)).toBeAllClose(expected, { rtol: 1e-9, atol: 1e-11 });
        expect(c.metricProduct(z, G)).toBeAllClose(expected, { rtol: 1e-9, atol: 1e-11 });
        // the representatives differ only by the sign of the flipped neuron
        expect(c.representative(z)).toBeAllClose(flipNeuron(net, a.representative(z), net.hidden[0]!), {
          rtol: 1e-9,
          atol: 1e-11,
        });
      }),
      { numRuns: 25 },
    );
  });

  it('reset() returns the model to theta0 and zeroes its counters', () => {
    const net = parseNetwork('relu:2-2-1');
    const theta0 = initGaussian(net, { seed: 3, scale: 1 });
    const model = pathIntrinsicModel(net, theta0);
    const z1 = model.lifting.phi(
      recoverTheta(
        net,
        theta0.map((x) => x * 1.1),
        model.laws,
      ).theta,
    );
    model.representative(z1);
    expect(model.stats.recoveries).toBe(1);
    model.reset();
    expect(model.stats).toEqual({
      recoveries: 0,
      fibreIterations: 0,
      splits: 0,
      newtonIterations: 0,
      maxNewtonIterations: 0,
      maxFibreResidual: 0,
      maxLawResidual: 0,
    });
    expect(model.representative(model.lifting.phi(theta0))).toBeAllClose(theta0, {
      rtol: 1e-14,
      atol: 1e-15,
    });
  });
});
