import { forward, parseNetwork } from '@idyn/graph';
import { createRng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbNetCase } from '../test/randomNets.js';
import { pathCotangentVjp } from './pathCotangentVjp.js';
import { pathLifting } from './pathLifting.js';

describe('path activations and the data cotangent', () => {
  it('output_v = <Phi^{→v}, A^{→v}(theta, x) (x; 1)> equals the forward pass of @idyn/graph (MATH.md §1)', () => {
    fc.assert(
      fc.property(arbNetCase(), fc.integer({ min: 1, max: 5 }), ({ net, theta, seed }, batch) => {
        const lift = pathLifting(net);
        const X = createRng(seed + 7).normals(batch * net.inputs.length);
        const A = lift.activations(theta, X, batch);
        const z = lift.phi(theta);
        const nIn = net.inputs.length;
        const nOut = net.outputs.length;
        const out = new Float64Array(batch * nOut);
        for (let p = 0; p < lift.d; p++) {
          const path = lift.path(p);
          const j = net.outputs.indexOf(path.nodes[path.nodes.length - 1]!);
          const i = net.inputs.indexOf(path.nodes[0]!);
          for (let s = 0; s < batch; s++) {
            const x = path.start === 'bias' ? 1 : X[s * nIn + i]!;
            out[s * nOut + j]! += z[p]! * A[s * lift.d + p]! * x;
          }
        }
        expect(out).toBeAllClose(forward(net, theta, X, batch).outputs, { rtol: 1e-12, atol: 1e-12 });
      }),
      { numRuns: 40 },
    );
  });

  it('path activations are 0/1 and a max-pool path is active only through the selected antecedent', () => {
    const net = parseNetwork('maxpool:2-4-2-1:1');
    const lift = pathLifting(net);
    const rng = createRng(31);
    const theta = rng.normals(net.D);
    const X = rng.normals(2 * 8);
    const A = lift.activations(theta, X, 8);
    expect(A.every((a) => a === 0 || a === 1)).toBe(true);
    const fwd = forward(net, theta, X, 8);
    const n = net.nodes.length;
    for (let s = 0; s < 8; s++) {
      for (let p = 0; p < lift.d; p++) {
        const { nodes } = lift.path(p);
        const expected = nodes.every((v, k) => {
          const node = net.nodes[v]!;
          if (node.kind !== 'hidden') return true;
          if (node.activation === 'maxpool') return fwd.pattern[s * n + v] === nodes[k - 1];
          return fwd.pattern[s * n + v] === 1;
        });
        expect(A[s * lift.d + p]).toBe(expected ? 1 : 0);
      }
    }
  });
});

describe('pathCotangentVjp', () => {
  it('equals DPhi^T G with G = Σ_s A(theta, x_s)(x_s; 1) ⊗ C_s built by enumeration (random DAGs)', () => {
    fc.assert(
      fc.property(arbNetCase(), fc.integer({ min: 1, max: 4 }), ({ net, theta, seed }, batch) => {
        const lift = pathLifting(net);
        const rng = createRng(seed + 9);
        const X = rng.normals(batch * net.inputs.length);
        const C = rng.normals(batch * net.outputs.length);
        const G = lift.dataCotangent(theta, X, C, batch);
        expect(pathCotangentVjp(net, theta, X, C, batch)).toBeAllClose(lift.vjp(theta, G), {
          rtol: 1e-11,
          atol: 1e-12,
        });
      }),
      { numRuns: 40 },
    );
  });

  it('is w2 x c, w1 x c on relu:1-1-1 (closed form)', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(pathCotangentVjp(net, [2, 3], [1], [1], 1)).toBeAllClose([3, 2]);
    expect(pathCotangentVjp(net, [2, 3], [-1], [1], 1)).toBeAllClose([0, 0]); // inactive ReLU
  });

  it('rejects a bad batch and arrays of the wrong length', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(() => pathCotangentVjp(net, [2, 3], [1], [1], 0)).toThrow(
      /batch must be a positive integer, got 0/,
    );
    expect(() => pathCotangentVjp(net, [2, 3], [1, 2], [1], 1)).toThrow(
      /X has length 2, expected batch \* nIn = 1/,
    );
  });
});
