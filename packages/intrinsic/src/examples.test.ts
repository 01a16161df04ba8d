import { initGaussian, parseNetwork } from '@idyn/graph';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { compareFlows, pathIntrinsicModel, twoLayerReluModel } from './index.js';

// The @example blocks of the TSDoc, run as written; expected values are the closed forms quoted there.
describe('TSDoc examples', () => {
  it('pathIntrinsicModel on relu:1-1-1: K(z) = √(h0² + 4z²)', () => {
    const model = pathIntrinsicModel(parseNetwork('relu:1-1-1'), [2, 1]);
    expect(model.metricProduct([8], [1])).toBeAllClose([Math.sqrt(265)], { rtol: 1e-14 });
    const w1 = Math.sqrt((3 + Math.sqrt(265)) / 2);
    expect(model.representative([8])).toBeAllClose([w1, 8 / w1], { rtol: 1e-13 });
  });

  it('compareFlows on relu:1-1-1', () => {
    const model = pathIntrinsicModel(parseNetwork('relu:1-1-1'), [2, 1]);
    const r = compareFlows(model, { loss: { type: 'synthetic', Y: [3] }, tEnd: 1 });
    expect(r.status).toEqual({ theta: 'success', intrinsic: 'success' });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-10);
  });

  it('twoLayerReluModel with one neuron: K = u² + v²', () => {
    const model = twoLayerReluModel([1, 1, 1], [3, 2]);
    expect(model.metricProduct([6], [1])).toBeAllClose([13], { rtol: 1e-15 });
    expect(
      compareFlows(model, { loss: { type: 'synthetic', Y: [1] }, tEnd: 1 }).maxDeviation,
    ).toBeLessThanOrEqual(1e-10);
  });

  it('README usage: two-layer closed form and a data loss on relu:2-3-2+bias', () => {
    const theta0 = createRng(7).normals(20);
    const Y = createRng(70).normals(24);
    const r = compareFlows(twoLayerReluModel([3, 4, 2], theta0), {
      loss: { type: 'synthetic', Y },
      tEnd: 1.5,
    });
    expect(r.maxDeviation).toBeLessThanOrEqual(1e-10);
    const net = parseNetwork('relu:2-3-2+bias');
    const model = pathIntrinsicModel(net, initGaussian(net, { seed: 1, scale: 1, biasScale: 1 }));
    const z = model.lifting.phi(model.theta0);
    const G = createRng(2).normals(model.lifting.d);
    expect(model.metricProduct(z, G)).toBeAllClose(model.lifting.metricProduct(model.theta0, G), {
      rtol: 1e-14,
    });
    expect(model.representative(z)).toBeAllClose(model.theta0, { rtol: 1e-14 });
    const rng = createRng(3);
    const N = 8;
    const X = rng.normals(N * 2);
    const targets = rng.normals(N * 2);
    const data = compareFlows(model, {
      loss: { type: 'mse', X, Y: targets, samples: N },
      times: [0, 0.5, 1],
    });
    expect(data.maxDeviation).toBeLessThanOrEqual(1e-8);
  });
});
