import { initGaussian, parseNetwork } from '@idyn/graph';
import { BudgetError, createRng, OverflowError } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { compareFlows, compareFlowsCost, pathIntrinsicModel, pathIntrinsicModelCost } from './index.js';

describe('intrinsic flows: refusals at the entry, naming the option or field (README: budgets)', () => {
  const net = parseNetwork('relu:2-3-2');
  const theta0 = initGaussian(net, { seed: 1 });
  const Y = createRng(2).normals(12);

  it('pathIntrinsicModel of relu:50-50-50 is refused before forming its 125050 × 5000 stacked Jacobian', () => {
    const big = parseNetwork('relu:50-50-50');
    let e: unknown;
    try {
      pathIntrinsicModel(big, initGaussian(big, { seed: 0 }));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(BudgetError);
    expect(e).toMatchObject({ option: 'maxMemoryBytes', value: pathIntrinsicModelCost(big).memoryBytes });
    expect((e as BudgetError).estimate.sizes).toEqual({ D: 5000, d: 125000, H: 50 });
  });

  it('compareFlows refuses rtol > 1 at the entry (not a finiteness error deep inside the lifting)', () => {
    const model = pathIntrinsicModel(net, theta0);
    expect(() => compareFlows(model, { loss: { type: 'synthetic', Y }, rtol: 2 })).toThrow(
      /^compareFlows: options.rtol must be in \(0, 1\], got 2$/,
    );
  });

  it('compareFlows refuses 1e9 output times by memory before copying them', () => {
    const model = pathIntrinsicModel(net, theta0);
    const times = { length: 1e9 } as ArrayLike<number>;
    expect(() => compareFlows(model, { loss: { type: 'synthetic', Y }, times })).toThrow(
      expect.objectContaining({ name: 'BudgetError', option: 'maxMemoryBytes' }),
    );
    expect(compareFlowsCost(model, { times: [0, 1] }).sizes).toEqual({ D: 12, d: 12, times: 2 });
  });

  it('a theta0 so large that the laws overflow is reported as an overflow, not as a non-recoverable point', () => {
    const big = Float64Array.from(theta0);
    big[0] = 1e200;
    expect(() => pathIntrinsicModel(net, big)).toThrow(OverflowError);
    expect(() => pathIntrinsicModel(net, big)).toThrow(
      /^h\(theta0\) overflowed float64 \(theta0 is too large\): h\(theta0\)\[0\] is not finite$/,
    );
  });
});

describe('compareFlows: a flow that overflows is an error that says so', () => {
  it('theta0 = 1e100 on relu:1-1-1: phi(theta0) = 1e200 is finite, the quartic gradient is not: an OverflowError at t = 0', () => {
    const net = parseNetwork('relu:1-1-1');
    const model = pathIntrinsicModel(net, [1e100, 1e100]);
    const run = () => compareFlows(model, { loss: { type: 'synthetic', Y: [1] }, times: [0, 1] });
    expect(run).toThrow(OverflowError);
    expect(run).toThrow(/^theta overflowed float64 along the theta-flow \(non-finite derivative\) at t = 0$/);
  });
});
