import fc from 'fast-check';
import { createRng, type Rng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { awayFromKinks } from '../test/kinks.js';
import { backward } from './backward.js';
import { forward } from './forward.js';
import { mseGradient } from './mseGradient.js';
import type { Network } from './Network.js';
import { parseNetwork } from './parseNetwork.js';
import { randomDag } from './randomDag.js';

const MARGIN = 1e-3;
const H = 1e-6;

/** Draws theta and X until every sample is MARGIN away from every kink (see test/kinks.ts). */
function drawAwayFromKinks(rng: Rng, net: Network, batch: number): { theta: Float64Array; X: Float64Array } {
  for (let attempt = 0; attempt < 50; attempt++) {
    const theta = rng.normals(net.D);
    const X = rng.normals(batch * net.inputs.length);
    if (awayFromKinks(net, forward(net, theta, X, batch), MARGIN)) return { theta, X };
  }
  throw new Error('no kink-free draw in 50 attempts');
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

const arbitraryNet = {
  maxpoolProbability: 0.2,
  identityProbability: 0.2,
  biasProbability: 0.5,
  skipProbability: 0.4,
  width: [1, 4] as [number, number],
};

describe('backward', () => {
  it('computes a one-neuron chain by hand', () => {
    // y = w2 relu(w1 x): d/dw1 = w2 x, d/dw2 = w1 x, d/dx = w1 w2 (x = 1, w1 = 2, w2 = 3).
    const r = backward(parseNetwork('relu:1-1-1'), [2, 3], [1], 1, [1]);
    expect(r.gradTheta).toBeAllClose([3, 2]);
    expect(r.gradInputs).toBeAllClose([6]);
    expect(r.outputs).toBeAllClose([6]);
  });

  it('matches central finite differences in theta and x on random DAGs away from kinks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = randomDag(rng, arbitraryNet);
        const batch = 3;
        const { theta, X } = drawAwayFromKinks(rng, net, batch);
        const G = rng.normals(batch * net.outputs.length);
        const base = forward(net, theta, X, batch);
        const f = (t: ArrayLike<number>, x: ArrayLike<number>): number => {
          const fw = forward(net, t, x, batch);
          // The pattern must not change inside the difference stencil.
          expect(fw.pattern).toEqual(base.pattern);
          return dot(G, fw.outputs);
        };
        const r = backward(net, theta, X, batch, G);
        const fdTheta = Array.from({ length: net.D }, (_, p) => {
          const tp = theta.slice();
          const tm = theta.slice();
          tp[p]! += H;
          tm[p]! -= H;
          return (f(tp, X) - f(tm, X)) / (2 * H);
        });
        expect(r.gradTheta).toBeAllClose(fdTheta, { rtol: 1e-6, atol: 1e-7 });
        const fdX = Array.from(X, (_, i) => {
          const xp = X.slice();
          const xm = X.slice();
          xp[i]! += H;
          xm[i]! -= H;
          return (f(theta, xp) - f(theta, xm)) / (2 * H);
        });
        expect(r.gradInputs).toBeAllClose(fdX, { rtol: 1e-6, atol: 1e-7 });
      }),
      { numRuns: 40 },
    );
  });

  it('is linear in the cotangent', () => {
    const rng = createRng(11);
    const net = randomDag(rng, arbitraryNet);
    const theta = rng.normals(net.D);
    const X = rng.normals(2 * net.inputs.length);
    const G1 = rng.normals(2 * net.outputs.length);
    const G2 = rng.normals(2 * net.outputs.length);
    const sum = backward(
      net,
      theta,
      X,
      2,
      G1.map((g, i) => 2 * g - G2[i]!),
    );
    const a = backward(net, theta, X, 2, G1);
    const b = backward(net, theta, X, 2, G2);
    expect(sum.gradTheta).toBeAllClose(
      a.gradTheta.map((g, i) => 2 * g - b.gradTheta[i]!),
      { atol: 1e-12 },
    );
    expect(sum.gradInputs).toBeAllClose(
      a.gradInputs.map((g, i) => 2 * g - b.gradInputs[i]!),
      { atol: 1e-12 },
    );
  });

  it('rejects a cotangent of the wrong shape', () => {
    expect(() => backward(parseNetwork('relu:1-1-2'), [1, 1, 1], [1], 1, [1])).toThrow(
      /backward: cotangent has length 1, expected batch \* 2 = 2/,
    );
  });
});

describe('mseGradient', () => {
  it('uses L = 1/(2N) sum ||net(x) - y||^2 (closed form for a linear unit)', () => {
    // net(x) = w x, w = 2, x = (1, 2), y = 0: L = (4 + 16) / 4 = 5, dL/dw = (2*1*1 + 4*2) / 2 = 5,
    // dL/dx_s = (w x_s - y_s) w / N = (2, 4).
    const r = mseGradient(parseNetwork('linear:1-1'), [2], [1, 2], [0, 0], 2);
    expect(r.loss).toBeAllClose(5);
    expect(r.gradTheta).toBeAllClose([5]);
    expect(r.gradInputs).toBeAllClose([2, 4]);
    expect(r.residual).toBeAllClose([2, 4]);
  });

  it('matches central finite differences of the loss on random DAGs away from kinks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = randomDag(rng, arbitraryNet);
        const batch = 4;
        const { theta, X } = drawAwayFromKinks(rng, net, batch);
        const Y = rng.normals(batch * net.outputs.length);
        const r = mseGradient(net, theta, X, Y, batch);
        const loss = (t: ArrayLike<number>) => mseGradient(net, t, X, Y, batch).loss;
        const fd = Array.from({ length: net.D }, (_, p) => {
          const tp = theta.slice();
          const tm = theta.slice();
          tp[p]! += H;
          tm[p]! -= H;
          return (loss(tp) - loss(tm)) / (2 * H);
        });
        expect(r.gradTheta).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-7 });
        // Independent loss value from the outputs.
        const out = forward(net, theta, X, batch).outputs;
        let sq = 0;
        for (let i = 0; i < out.length; i++) sq += (out[i]! - Y[i]!) ** 2;
        expect(r.loss).toBeAllClose(sq / (2 * batch), { rtol: 1e-14 });
      }),
      { numRuns: 25 },
    );
  });

  it('rejects targets of the wrong shape', () => {
    expect(() => mseGradient(parseNetwork('linear:1-2'), [1, 1], [1], [1], 1)).toThrow(
      /mseGradient: Y has length 1, expected batch \* 2 = 2/,
    );
  });
});
