import { readFileSync } from 'node:fs';
import { createRng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layeredFlowLoss } from './layeredFlowLoss.js';
import type { LayeredFlowProblem } from './types.js';

interface FixtureCase {
  model: 'linear' | 'mlp-relu';
  dims: number[];
  bias: boolean;
  theta: number[];
  Y: number[];
  X?: number[];
  samples?: number;
  loss: number;
  gradient: number[];
}
// Produced by test/fixtures/layered_reference.py with the numpy code of the benchmark peer.
const fixture = JSON.parse(
  readFileSync(new URL('../test/fixtures/layered_reference.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] };

function problemOf(c: FixtureCase): LayeredFlowProblem {
  return c.model === 'linear'
    ? {
        kind: 'layered-flow',
        widths: c.dims,
        activation: 'identity',
        bias: false,
        loss: { type: 'synthetic', Y: c.Y },
      }
    : {
        kind: 'layered-flow',
        widths: c.dims,
        activation: 'relu',
        bias: c.bias,
        loss: { type: 'mse', samples: c.samples as number, X: c.X as number[], Y: c.Y },
      };
}

/** Central finite differences of the loss, step 1e-6 (error O(1e-12 · |L'''|)). */
function finiteDifferenceGradient(
  loss: (t: Float64Array, g: Float64Array) => number,
  theta: Float64Array,
): Float64Array {
  const g = new Float64Array(theta.length);
  const scratch = new Float64Array(theta.length);
  const eps = 1e-6;
  for (let i = 0; i < theta.length; i++) {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[i] = tp[i]! + eps;
    tm[i] = tm[i]! - eps;
    g[i] = (loss(tp, scratch) - loss(tm, scratch)) / (2 * eps);
  }
  return g;
}

describe('layeredFlowLoss', () => {
  it.each(fixture.cases.map((c) => [`${c.model} ${c.dims.join('-')}${c.bias ? ' +bias' : ''}`, c] as const))(
    'loss and gradient of %s equal the numpy peer (test/fixtures/layered_reference.py)',
    (_name, c) => {
      const { dim, loss } = layeredFlowLoss(problemOf(c));
      expect(dim).toBe(c.theta.length);
      const g = new Float64Array(dim);
      const value = loss(Float64Array.from(c.theta), g);
      expect(value).toBeAllClose(c.loss, { rtol: 1e-13, atol: 1e-14 });
      expect(g).toBeAllClose(c.gradient, { rtol: 1e-12, atol: 1e-13 });
    },
  );

  it('gradient equals central finite differences for random layered problems (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom('relu', 'identity', 'synthetic'),
        (seed, widths, bias, kind) => {
          const rng = createRng(seed);
          const n0 = widths[0]!;
          const nL = widths[widths.length - 1]!;
          const problem: LayeredFlowProblem =
            kind === 'synthetic'
              ? {
                  kind: 'layered-flow',
                  widths,
                  activation: 'identity',
                  bias: false,
                  loss: { type: 'synthetic', Y: rng.normals(n0 * nL) },
                }
              : {
                  kind: 'layered-flow',
                  widths,
                  activation: kind,
                  bias,
                  loss: { type: 'mse', samples: 5, X: rng.normals(5 * n0), Y: rng.normals(5 * nL) },
                };
          const { dim, loss } = layeredFlowLoss(problem);
          const theta = rng.normals(dim);
          const g = new Float64Array(dim);
          loss(theta, g);
          // ReLU kinks within 1e-6 of a sample would spoil finite differences; they have
          // probability ~1e-6 per pre-activation and the seeds are fixed by fast-check's seed.
          expect(g).toBeAllClose(finiteDifferenceGradient(loss, theta), { rtol: 1e-6, atol: 1e-7 });
        },
      ),
      { numRuns: 40, seed: 4242 },
    );
  });

  it('counts D = Σ n_l n_{l−1} + Σ_{l≥1} n_l and lays out W_1..W_L then b_1..b_L', () => {
    const r = layeredFlowLoss({
      kind: 'layered-flow',
      widths: [2, 3, 1],
      activation: ['relu'],
      bias: true,
      loss: { type: 'mse', samples: 1, X: [1, 2], Y: [0] },
    });
    expect(r.dim).toBe(6 + 3 + 3 + 1);
    expect(r.weightOffsets).toEqual([0, 6]);
    expect(r.biasOffsets).toEqual([9, 12]);
  });

  it('rejects malformed descriptions, naming the field and the value', () => {
    const base = {
      kind: 'layered-flow' as const,
      bias: false,
      loss: { type: 'synthetic' as const, Y: [1, 2, 3, 4] },
    };
    expect(() => layeredFlowLoss({ ...base, widths: [2], activation: 'identity' })).toThrow(/problem.widths/);
    expect(() => layeredFlowLoss({ ...base, widths: [2, 0, 2], activation: 'identity' })).toThrow(
      /problem.widths\[1\] must be a positive integer, got 0/,
    );
    expect(() => layeredFlowLoss({ ...base, widths: [2, 2, 2], activation: 'relu' })).toThrow(
      /synthetic.*linear network/,
    );
    expect(() => layeredFlowLoss({ ...base, widths: [2, 2, 2, 2], activation: ['identity'] })).toThrow(
      /problem.activation has length 1, expected L − 1 = 2/,
    );
    expect(() => layeredFlowLoss({ ...base, widths: [2, 3], activation: 'identity' })).toThrow(
      /problem.loss.Y has length 4, expected n_L × n_0 = 6/,
    );
    expect(() =>
      layeredFlowLoss({ ...base, widths: [2, 2], activation: 'tanh' as 'relu', loss: base.loss }),
    ).toThrow(/problem.activation must be 'relu' or 'identity', got "tanh"/);
    const { loss } = layeredFlowLoss({ ...base, widths: [2, 2], activation: 'identity' });
    expect(() => loss(new Float64Array(3), new Float64Array(4))).toThrow(
      /theta has length 3 .* expected D = 4/,
    );
  });
});
