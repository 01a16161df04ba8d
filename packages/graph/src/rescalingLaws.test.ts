import fc from 'fast-check';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { forward } from './forward.js';
import { mseGradient } from './mseGradient.js';
import { parseNetwork } from './parseNetwork.js';
import { randomDag } from './randomDag.js';
import { rescaleNeurons } from './rescaleNeurons.js';
import { rescalingLaws } from './rescalingLaws.js';

const dagOptions = {
  maxpoolProbability: 0.2,
  identityProbability: 0.2,
  biasProbability: 0.5,
  skipProbability: 0.4,
};

/** Gradient of each law by central differences (exact up to rounding: h is quadratic). */
function lawGradientsFd(net: ReturnType<typeof parseNetwork>, theta: Float64Array): Float64Array[] {
  const rows = net.lawNodes.map(() => new Float64Array(net.D));
  for (let p = 0; p < net.D; p++) {
    const tp = theta.slice();
    const tm = theta.slice();
    tp[p]! += 1e-3;
    tm[p]! -= 1e-3;
    const hp = rescalingLaws(net, tp);
    const hm = rescalingLaws(net, tm);
    rows.forEach((row, i) => {
      row[p] = (hp[i]! - hm[i]!) / 2e-3;
    });
  }
  return rows;
}

describe('rescalingLaws', () => {
  it('computes h_v = sum in w^2 + b^2 - sum out w^2 by hand', () => {
    expect(rescalingLaws(parseNetwork('relu:1-1-1'), [2, 3])).toBeAllClose([-5]);
    // relu:2-2-1+bias: theta = W1 (4, row-major), W2 (2), b(h1_0), b(h1_1), b(y0).
    // h(h1_0) = 1 + 4 + 0.25 - 9 = -3.75; h(h1_1) = 1 + 1 + 16 - 4 = 14.
    expect(rescalingLaws(parseNetwork('relu:2-2-1+bias'), [1, 2, -1, 1, 3, -2, 0.5, -4, 1])).toBeAllClose([
      -3.75, 14,
    ]);
  });

  it('is conserved by gradient flows: grad h_v is orthogonal to grad L on random DAGs (MATH.md §2)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = randomDag(rng, dagOptions);
        const theta = rng.normals(net.D);
        const X = rng.normals(4 * net.inputs.length);
        const Y = rng.normals(4 * net.outputs.length);
        const gL = mseGradient(net, theta, X, Y, 4).gradTheta;
        const norm = (a: Float64Array) => Math.hypot(...a);
        for (const gh of lawGradientsFd(net, theta)) {
          let d = 0;
          for (let p = 0; p < net.D; p++) d += gh[p]! * gL[p]!;
          expect(Math.abs(d)).toBeLessThanOrEqual(1e-9 * (1 + norm(gh) * norm(gL)));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('gives no law to a neuron feeding a max-pool: the would-be h is not conserved there', () => {
    // maxpool:1-2-1-1: x0 → h1_0, h1_1 → p2_0 (1-max-pool) → y0. theta = w(x0→h1_0), w(x0→h1_1), w(p2_0→y0).
    const net = parseNetwork('maxpool:1-2-1-1');
    expect(net.lawNodes).toEqual([]);
    // Negative control: sum of squared incoming weights of the selected neuron h1_0 (its only
    // parametrized incident edge) has a gradient not orthogonal to grad L.
    const theta = [2, 1, 3];
    const g = mseGradient(net, theta, [1], [0], 1).gradTheta;
    // L = (3 * 2)^2 / 2 = 18; dL/dw(x0→h1_0) = 6 * 3 = 18; grad of w^2 is (4, 0, 0): dot = 72.
    expect(g).toBeAllClose([18, 0, 12]);
    expect(4 * g[0]!).toBeAllClose(72);
  });

  it('rescaleNeurons keeps the network function on random DAGs with max-pool (MATH.md §1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = randomDag(rng, dagOptions);
        const theta = rng.normals(net.D);
        const factors = new Float64Array(net.nodes.length).fill(1);
        for (const v of net.lawNodes) factors[v] = Math.exp(2 * rng.normal());
        const X = rng.normals(3 * net.inputs.length);
        const a = forward(net, theta, X, 3).outputs;
        const b = forward(net, rescaleNeurons(net, theta, factors), X, 3).outputs;
        expect(b).toBeAllClose(a, { rtol: 1e-11, atol: 1e-11 });
      }),
      { numRuns: 40 },
    );
  });

  it('rescaleNeurons scales in-weights and bias by c and out-weights by 1/c', () => {
    // relu:1-1-1+hbias: theta = w(x0→h1_0), w(h1_0→y0), b(h1_0); c(h1_0) = 2.
    const net = parseNetwork('relu:1-1-1+hbias');
    expect(rescaleNeurons(net, [2, 3, 5], [1, 2, 1])).toBeAllClose([4, 1.5, 10]);
  });

  it('rescaleNeurons rejects factors outside the law neurons and non-positive factors', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(() => rescaleNeurons(net, [1, 1], [2, 1, 1])).toThrow(
      /factors\[0\] \(node "x0"\) = 2, but only hidden/,
    );
    expect(() => rescaleNeurons(net, [1, 1], [1, 0, 1])).toThrow(
      /factors\[1\] \(node "h1_0"\) = 0 is not a positive finite number/,
    );
    expect(() => rescaleNeurons(net, [1, 1], [1, 1])).toThrow(
      /factors has length 2, expected one per node \(3\)/,
    );
  });
});
