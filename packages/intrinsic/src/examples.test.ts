import { parseNetwork } from '@idyn/graph';
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
    const model = twoLayerReluModel({ nIn: 1, nHidden: 1, nOut: 1 }, [3, 2]);
    expect(model.metricProduct([6], [1])).toBeAllClose([13], { rtol: 1e-15 });
    expect(
      compareFlows(model, { loss: { type: 'synthetic', Y: [1] }, tEnd: 1 }).maxDeviation,
    ).toBeLessThanOrEqual(1e-10);
  });
});
