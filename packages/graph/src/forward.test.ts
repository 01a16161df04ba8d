import fc from 'fast-check';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { createNetwork } from './createNetwork.js';
import { forward } from './forward.js';
import { parseNetwork } from './parseNetwork.js';
import { randomDag } from './randomDag.js';

describe('forward', () => {
  it('computes a two-layer ReLU network by hand', () => {
    // relu:2-2-1+bias: theta = W1 row-major (4), W2 (2), biases h1_0, h1_1, y0.
    const net = parseNetwork('relu:2-2-1+bias');
    const theta = [1, 2, -1, 1, 3, -2, 0.5, -4, 1];
    const X = [1, 1, 2, -1];
    const f = forward(net, theta, X, 2);
    // Sample 0: h = relu([1+2+0.5, -1+1-4]) = [3.5, 0]; y = 3*3.5 + 1 = 11.5.
    // Sample 1: h = relu([2-2+0.5, -2-1-4]) = [0.5, 0]; y = 1.5 + 1 = 2.5.
    expect(f.outputs).toBeAllClose([11.5, 2.5]);
    const [x0, x1, h0, h1, y0] = ['x0', 'x1', 'h1_0', 'h1_1', 'y0'].map((id) => net.nodeIndex.get(id)!) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const n = net.nodes.length;
    expect(f.pre[n + h1]).toBeAllClose(-7);
    expect([f.pattern[h0], f.pattern[h1], f.pattern[x0], f.pattern[x1], f.pattern[y0]]).toEqual([
      1, 0, 1, 1, 1,
    ]);
    expect(f.post[n + h0]).toBeAllClose(0.5);
  });

  it('makes a k-max-pool output the k-th largest antecedent and reports which', () => {
    const net = createNetwork({
      nodes: [
        { id: 'a', kind: 'input' },
        { id: 'b', kind: 'input' },
        { id: 'c', kind: 'input' },
        { id: 'm', kind: 'hidden', activation: 'maxpool', k: 2 },
        { id: 'y', kind: 'output' },
      ],
      edges: [
        { from: 'a', to: 'm' },
        { from: 'b', to: 'm' },
        { from: 'c', to: 'm' },
        { from: 'm', to: 'y' },
      ],
    });
    expect(net.D).toBe(1);
    // Second largest of (5, -1, 3) is 3 (input c, node 2); of (0, 7, 7) is 7: tied values rank by edge order, so rank 1 is b and rank 2 is c.
    const f = forward(net, [2], [5, -1, 3, 0, 7, 7], 2);
    expect(f.outputs).toBeAllClose([6, 14]);
    expect([f.pattern[3], f.pattern[5 + 3]]).toEqual([2, 2]);
  });

  it('equals an independent layer-by-layer evaluation on dense presets (skips over several layers)', () => {
    const net = parseNetwork('dense:2-3-2-1+bias');
    // Closed form: weights 2*3 + (2+3)*2 + (2+3+2)*1 = 23, biases 3 + 2 + 1 = 6.
    expect([net.nWeights, net.D]).toEqual([23, 29]);
    const rng = createRng(5);
    const theta = rng.normals(net.D);
    const X = rng.normals(8);
    const f = forward(net, theta, X, 4);
    // Independent evaluation from the documented layout: for each target layer l and neuron i, the
    // weights from every earlier layer m (in layer order, neuron order); biases after all weights.
    const widths = [2, 3, 2, 1];
    for (let s = 0; s < 4; s++) {
      const values: number[][] = [[X[2 * s]!, X[2 * s + 1]!]];
      let p = 0;
      let b = 23;
      for (let l = 1; l < widths.length; l++) {
        const row: number[] = [];
        for (let i = 0; i < widths[l]!; i++) {
          let z = 0;
          for (let m = 0; m < l; m++) for (const u of values[m]!) z += theta[p++]! * u;
          z += theta[b++]!;
          row.push(l === widths.length - 1 ? z : Math.max(0, z));
        }
        values.push(row);
      }
      expect(f.outputs[s]).toBeAllClose(values[3]![0]!, { rtol: 1e-12 });
    }
  });

  it('is positively homogeneous in x for bias-free networks on random DAGs', () => {
    // net(c x) = c net(x) for c > 0 when there are no biases (ReLU, identity, max-pool all commute with c).
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (seed, c) => {
          const rng = createRng(seed);
          const net = randomDag(rng, {
            maxpoolProbability: 0.3,
            identityProbability: 0.3,
            skipProbability: 0.4,
          });
          const theta = rng.normals(net.D);
          const X = rng.normals(3 * net.inputs.length);
          const a = forward(net, theta, X, 3).outputs;
          const b = forward(
            net,
            theta,
            X.map((x) => c * x),
            3,
          ).outputs;
          expect(b).toBeAllClose(
            a.map((y) => c * y),
            { rtol: 1e-12, atol: 1e-12 },
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rejects bad inputs naming the argument', () => {
    const net = parseNetwork('relu:2-1');
    expect(() => forward(net, [1, 2], [1, 2, 3], 2)).toThrow(
      /forward: X has length 3, expected batch \* 2 = 4/,
    );
    expect(() => forward(net, [1, 2], [1, Number.NaN], 1)).toThrow(
      /forward: X\[1\] \(sample 0, column 1\) = NaN is not finite/,
    );
    expect(() => forward(net, [1, 2], [1, 2], 0)).toThrow(/forward: batch must be a positive integer, got 0/);
    expect(() => forward(net, [1], [1, 2], 1)).toThrow(/forward: theta has length 1, expected D = 2/);
    expect(() => forward(net, [1, Number.POSITIVE_INFINITY], [1, 2], 1)).toThrow(
      /forward: theta\[1\] = Infinity \(w\(x1→y0\)\)/,
    );
  });
});
