import fc from 'fast-check';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { forward } from './forward.js';
import { initBalanced } from './initBalanced.js';
import { initGaussian } from './initGaussian.js';
import { parseNetwork } from './parseNetwork.js';
import { randomDag } from './randomDag.js';
import { rescaleNeurons } from './rescaleNeurons.js';
import { RescaleToLawsError } from './RescaleToLawsError.js';
import { rescaleToLaws } from './rescaleToLaws.js';
import { rescalingLaws } from './rescalingLaws.js';

const dagOptions = {
  maxpoolProbability: 0.2,
  identityProbability: 0.2,
  biasProbability: 0.5,
  skipProbability: 0.4,
  width: [1, 4] as [number, number],
};

describe('rescaleToLaws', () => {
  it('balances a one-neuron chain in closed form', () => {
    // (w1, w2) = (4, 1) -> (4c, 1/c) with 16 c^2 = 1/c^2: c = 1/2, giving (2, 2).
    const r = rescaleToLaws(parseNetwork('relu:1-1-1'), [4, 1]);
    expect(r.theta).toBeAllClose([2, 2], { rtol: 1e-14 });
    expect(r.mu[1]).toBeAllClose(Math.log(0.5), { rtol: 1e-14 });
  });

  it('reaches the closed-form balance of a depth-3 chain: z = u v w = 6, laws (5, 3) give (u, v, w) = (3, 2, 1)', () => {
    // u² − v² = 5, v² − w² = 3 and u v w = 6: with b = v², (b + 5) b (b − 3) = 36 has the root b = 4
    // (MATH.md §4.2), so u = 3, v = 2, w = 1; start from (6, 1, 1), which has z = 6.
    const r = rescaleToLaws(parseNetwork('relu:1-1-1-1'), [6, 1, 1], [5, 3]);
    expect(r.theta).toBeAllClose([3, 2, 1], { rtol: 1e-13 });
    expect(r.relativeResidual).toBeLessThanOrEqual(1e-13);
  });

  it('leaves a neuron whose parameters are all zero where it is when its target is 0', () => {
    // relu:1-2-1, theta = (x0→h1_0, x0→h1_1, h1_0→y0, h1_1→y0): h1_1 has no nonzero parameter.
    const r = rescaleToLaws(parseNetwork('relu:1-2-1'), [4, 0, 1, 0]);
    expect(r.theta).toBeAllClose([2, 0, 2, 0], { rtol: 1e-13 });
  });

  it('reports why it fails with a RescaleToLawsError naming the neuron (reason, detail)', () => {
    const net = parseNetwork('relu:1-1-1');
    const caught = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as RescaleToLawsError;
      }
      throw new Error('expected a throw');
    };
    const zero = caught(() => rescaleToLaws(net, [0, 0], [1]));
    expect(zero).toBeInstanceOf(RescaleToLawsError);
    expect(zero).toBeInstanceOf(RangeError);
    expect([zero.reason, zero.neuron]).toEqual(['zero-neuron', 'h1_0']);
    expect(zero.message).toBe(`rescaleToLaws: ${zero.detail}`);
    // h = w1² c² − 0 >= 0 cannot reach −1: mu runs off to −infinity
    const diverged = caught(() => rescaleToLaws(net, [1, 0], [-1]));
    expect(diverged.reason).toBe('diverged');
    expect(diverged.message).toMatch(/log-factor of neuron "h1_0" diverges \(\|mu\| > 250/);
    const capped = caught(() => rescaleToLaws(net, [100, 0.01], [0], { maxIterations: 1 }));
    expect([capped.reason, capped.iterations]).toEqual(['max-iterations', 1]);
    expect(capped.message).toMatch(/did not converge in 1 iterations: neuron "h1_0"/);
  });

  it('recovers theta0 from any rescaling of it given h(theta0) (uniqueness, MATH.md §4.2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = randomDag(rng, dagOptions);
        const theta0 = rng.normals(net.D);
        const factors = new Float64Array(net.nodes.length).fill(1);
        for (const v of net.lawNodes) factors[v] = Math.exp(1.5 * rng.normal());
        const scrambled = rescaleNeurons(net, theta0, factors);
        const r = rescaleToLaws(net, scrambled, rescalingLaws(net, theta0));
        expect(r.theta).toBeAllClose(theta0, { rtol: 1e-9, atol: 1e-10 });
      }),
      { numRuns: 40 },
    );
  });

  it('throws naming the neuron when the target is unreachable', () => {
    // h(h1_0) = w1^2 c^2 - w2^2 / c^2 with w1 = 0 is negative for every c: 0 is unreachable.
    expect(() => rescaleToLaws(parseNetwork('relu:1-1-1'), [0, 1])).toThrow(
      /not reachable by rescaling.*"h1_0"/,
    );
    expect(() => rescaleToLaws(parseNetwork('relu:1-1-1'), [0, 0], [1])).toThrow(
      /all its parameters are zero/,
    );
    expect(() => rescaleToLaws(parseNetwork('relu:1-1-1'), [1, 1], [1, 2])).toThrow(
      /target has length 2, expected one per law neuron \(1\)/,
    );
  });
});

describe('initBalanced', () => {
  it('zeroes every law to 1e-12 and keeps the Gaussian draw’s network function', () => {
    for (const preset of [
      'relu:2-3-2',
      'relu:3-5-4-2+bias',
      'dense:2-3-3-1+hbias',
      'resblock:2:3+bias',
      'linear:2-4-4-2',
      'maxpool:2-4-2-1:2+bias',
    ]) {
      const net = parseNetwork(preset);
      const g = initGaussian(net, { seed: 9, biasScale: 0.5 });
      const b = initBalanced(net, { seed: 9, biasScale: 0.5 });
      const h = rescalingLaws(net, b);
      expect(h, preset).toBeAllClose(new Float64Array(h.length), { atol: 1e-12 });
      const X = createRng(1).normals(5 * net.inputs.length);
      expect(forward(net, b, X, 5).outputs, preset).toBeAllClose(forward(net, g, X, 5).outputs, {
        rtol: 1e-11,
        atol: 1e-12,
      });
    }
  });

  it('zeroes every law on random DAGs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (netSeed, seed) => {
          const net = randomDag(createRng(netSeed), dagOptions);
          const h = rescalingLaws(net, initBalanced(net, { seed, scale: 'glorot', biasScale: 1 }));
          expect(h).toBeAllClose(new Float64Array(h.length), { atol: 1e-12 });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reaches a prescribed target', () => {
    const net = parseNetwork('relu:2-3-2');
    const theta = initBalanced(net, { seed: 4, target: [1, -0.5, 2] });
    expect(rescalingLaws(net, theta)).toBeAllClose([1, -0.5, 2], { atol: 1e-12 });
  });
});
