import { parseNetwork } from '@idyn/graph';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { compareFlows, pathIntrinsicModel, twoLayerReluModel } from './index.js';

describe('compareFlows: argument checking', () => {
  const model = twoLayerReluModel([1, 2, 1], [1, 2, 3, 4]);

  it('names the bad option', () => {
    expect(() => compareFlows(model, undefined as never)).toThrow(/options \{ loss/);
    expect(() => compareFlows(model, { loss: null as never })).toThrow(/options.loss must be a loss object/);
    expect(() => compareFlows(model, { loss: { type: 'other' } as never })).toThrow(/options.loss.type/);
    expect(() => compareFlows(model, { loss: { type: 'synthetic', Y: [1] } })).toThrow(
      /options.loss.Y has length 1, expected d = 2/,
    );
    expect(() => compareFlows(model, { loss: { type: 'synthetic', Y: [1, 1] }, tEnd: -1 })).toThrow(
      /options.tEnd/,
    );
    expect(() => compareFlows(model, { loss: { type: 'synthetic', Y: [1, 1] }, rtol: 0 })).toThrow(
      /options.rtol/,
    );
    expect(() => compareFlows({} as never, { loss: { type: 'synthetic', Y: [1, 1] } })).toThrow(TypeError);
  });

  it('refuses a data loss on a model without a network', () => {
    expect(() => compareFlows(model, { loss: { type: 'mse', X: [1], Y: [1], samples: 1 } })).toThrow(
      /an mse loss needs a model with a network/,
    );
  });

  it('checks the data of an mse loss against the network', () => {
    const net = parseNetwork('relu:2-2-1');
    const m = pathIntrinsicModel(net, createRng(1).normals(net.D));
    expect(() => compareFlows(m, { loss: { type: 'mse', X: [1, 2, 3], Y: [1], samples: 1 } })).toThrow(
      /options.loss.X has length 3, expected samples \* inputs = 2/,
    );
  });

  it('reports a metric error in status and message instead of throwing (z_j = 0 for the closed form)', () => {
    // theta0 with v_1 = 0: z_1 = 0 from the start, where the §4.1 metric is not a function of z
    const m = twoLayerReluModel([1, 2, 1], [1, 0, 3, 4]);
    const r = compareFlows(m, { loss: { type: 'synthetic', Y: [1, 1] } });
    expect(r.status).toEqual({ theta: 'success', intrinsic: 'non-finite' });
    expect(r.message.intrinsic).toMatch(/the metric failed at t = 0: .*z_1 = 0 for hidden neuron j = 1/);
    expect(r.times).toBeAllClose([0]);
  });
});
