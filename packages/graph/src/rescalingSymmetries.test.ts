import { createRng, modRank, type Rng } from '@idyn/linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNetwork } from './createNetwork.js';
import { forward } from './forward.js';
import { mseGradient } from './mseGradient.js';
import type { Network, NetworkSpec } from './Network.js';
import { parseNetwork } from './parseNetwork.js';
import { randomDag } from './randomDag.js';
import { rescalingLaws } from './rescalingLaws.js';
import { rescalingSymmetries, symmetryLaws } from './rescalingSymmetries.js';
import { tieParameters } from './tieParameters.js';

/** Exponent vectors of every path (input or bias start → output), by a plain depth-first walk. */
function pathExponents(net: Network): number[][] {
  const rows: number[][] = [];
  const walk = (v: number, exps: number[]) => {
    if (net.nodes[v]!.kind === 'output') rows.push([...exps]);
    for (const e of net.outEdges[v]!) {
      const j = net.edgeParam[e]!;
      if (j >= 0) exps[j]!++;
      walk(net.edges[e]!.to, exps);
      if (j >= 0) exps[j]!--;
    }
  };
  net.nodes.forEach((node, v) => {
    const exps = new Array<number>(net.D).fill(0);
    if (node.kind === 'input') walk(v, exps);
    else if (net.biasParam[v]! >= 0) {
      exps[net.biasParam[v]!] = 1;
      walk(v, exps);
    }
  });
  return rows;
}

/** A random sharing (and a few fixed edges) of a random DAG. */
const tied = (rng: Rng, options: Parameters<typeof randomDag>[1]): Network =>
  tieParameters(rng, randomDag(rng, options), { fraction: 0.4 + 0.6 * rng.uniform(), fixedProbability: 0.1 });

const scaled = (net: Network, theta: ArrayLike<number>, eps: Int32Array, c: number) =>
  Float64Array.from(theta, (t, j) => t * c ** eps[j]!);

describe('rescalingSymmetries', () => {
  it('is one group per hidden channel for the MATH.md §7 reference conv 1-D', () => {
    const net = parseNetwork('conv1d:4:1-2:2:1');
    const r = rescalingSymmetries(net);
    expect(r.count).toBe(2);
    // Channel 0: its kernel W1[0,0,·] scales by c, its readout A[0,0,·] by 1/c (by hand, MATH.md §7).
    expect(Array.from(r.symmetries[0]!.coefficients)).toEqual([1, 1, 0, 0, -1, -1, -1, 0, 0, 0]);
    expect(Array.from(r.symmetries[1]!.coefficients)).toEqual([0, 0, 1, 1, 0, 0, 0, -1, -1, -1]);
    expect(r.symmetries.map((s) => s.support.map((v) => net.nodes[v]!.id))).toEqual([
      ['h1_0_0', 'h1_0_1', 'h1_0_2'],
      ['h1_1_0', 'h1_1_1', 'h1_1_2'],
    ]);
    expect(r.symmetries.every((s) => s.group)).toBe(true);
  });

  it('is the h_v of every hidden neuron on unshared networks without max-pool', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = randomDag(rng, { identityProbability: 0.3, biasProbability: 0.4 });
        const r = rescalingSymmetries(net);
        expect(r.symmetries.map((s) => s.support)).toEqual(net.lawNodes.map((v) => [v]));
        const theta = rng.normals(net.D);
        expect(symmetryLaws(net, theta)).toBeAllClose(rescalingLaws(net, theta), {
          rtol: 1e-14,
          atol: 1e-14,
        });
      }),
      { numRuns: 30, seed: 40 },
    );
  });

  it('leaves the network function unchanged and its laws are orthogonal to the loss gradient, on tied random DAGs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = tied(rng, {
          maxpoolProbability: 0.2,
          identityProbability: 0.2,
          biasProbability: 0.4,
        });
        const theta = rng.normals(net.D);
        const batch = 4;
        const X = rng.normals(batch * net.inputs.length);
        const Y = rng.normals(batch * net.outputs.length);
        const out = forward(net, theta, X, batch).outputs;
        const g = mseGradient(net, theta, X, Y, batch).gradTheta;
        for (const s of rescalingSymmetries(net).symmetries) {
          const t2 = scaled(net, theta, s.coefficients, 1.7);
          expect(forward(net, t2, X, batch).outputs).toBeAllClose(out, { rtol: 1e-12, atol: 1e-12 });
          // d/dt h = −<∇h, ∇L> with ∇h = 2 ε ∘ θ.
          let dot = 0;
          let scale = 0;
          for (let j = 0; j < net.D; j++) {
            dot += s.coefficients[j]! * theta[j]! * g[j]!;
            scale += Math.abs(s.coefficients[j]! * theta[j]! * g[j]!);
          }
          expect(Math.abs(dot)).toBeLessThanOrEqual(1e-12 * (scale + 1));
        }
      }),
      { numRuns: 60, seed: 41 },
    );
  });

  it('has dimension D − rank A, A the exponent matrix of the enumerated paths (tied random DAGs and presets)', () => {
    const nets: Network[] = [];
    const rng = createRng(42);
    for (let i = 0; i < 40; i++) {
      nets.push(tied(rng, { maxpoolProbability: 0.2, identityProbability: 0.2, biasProbability: 0.4 }));
    }
    for (const p of [
      'conv1d:4:1-2:2:1',
      'conv1d:5:2-2-1:2:1+bias',
      'conv1d:6:1-2-2:3:1:p1:pool2+hbias',
      'conv1d:5:1-2-2:2:0+bias',
      'conv1d:6:2-3-2:3:0:p1:res+bias',
      'conv1d:6:1-2-2-2:3:1:p1:res',
      'conv2d:3x3:1-2:2x2:1+bias',
      'conv2d:4x4:1-1-2:2x2:1:s2',
    ]) {
      nets.push(parseNetwork(p));
    }
    for (const net of nets) {
      const A = pathExponents(net);
      expect(rescalingSymmetries(net).count).toBe(net.D - modRank(A, net.D));
    }
  });

  it('ties a residual stream across its parameter-free skip and keeps an isolated block at its hidden channels', () => {
    // Isolated block y = x + conv(relu(conv(x))): the skip joins inputs to outputs (μ = 0), so the
    // laws are those of the 3 hidden channels, as without the skip.
    expect(rescalingSymmetries(parseNetwork('conv1d:6:2-3-2:3:0:p1:res')).count).toBe(3);
    expect(rescalingSymmetries(parseNetwork('conv1d:6:2-3-2:3:0:p1')).count).toBe(3);
    // Embedded block (stem → block → readout): the skip ties stem channel c to block output
    // channel c, one group each: 2 + 2 instead of 2 + 2 + 2 without the skip.
    const res = rescalingSymmetries(parseNetwork('conv1d:6:1-2-2-2:3:1:p1:res'));
    expect(res.count).toBe(4);
    expect(res.symmetries.map((s) => s.support.length)).toEqual([12, 12, 6, 6]);
    expect(rescalingSymmetries(parseNetwork('conv1d:6:1-2-2-2:3:1:p1')).count).toBe(6);
  });

  it('finds exponents that are not group indicators when a shared layer follows an unshared one', () => {
    // x (3 inputs) → dense → h0, h1, h2 → shared 1-D kernel (2 taps) → g0, g1 → y. By hand:
    // μ_h = (a, a + d, a + 2d), μ_g = (b, b + d) keeps both kernel exponents constant over positions
    // (b − a and b − a − d), a 3-dimensional space; d ≠ 0 is no group indicator.
    const ids = ['x0', 'x1', 'x2'];
    const spec: NetworkSpec = {
      nodes: [
        ...ids.map((id) => ({ id, kind: 'input' as const })),
        ...['h0', 'h1', 'h2', 'g0', 'g1'].map((id) => ({
          id,
          kind: 'hidden' as const,
          activation: 'relu' as const,
        })),
        { id: 'y', kind: 'output' },
      ],
      edges: [],
    };
    let j = 0;
    for (const h of ['h0', 'h1', 'h2']) for (const x of ids) spec.edges.push({ from: x, to: h, param: j++ });
    spec.edges.push({ from: 'h0', to: 'g0', param: 9 }, { from: 'h1', to: 'g0', param: 10 });
    spec.edges.push({ from: 'h1', to: 'g1', param: 9 }, { from: 'h2', to: 'g1', param: 10 });
    spec.edges.push({ from: 'g0', to: 'y', param: 11 }, { from: 'g1', to: 'y', param: 12 });
    const net = createNetwork(spec);
    const r = rescalingSymmetries(net);
    expect(r.count).toBe(net.D - modRank(pathExponents(net), net.D));
    expect(r.count).toBe(3);
    expect(r.symmetries.some((s) => !s.group)).toBe(true);
    const rng = createRng(3);
    const theta = rng.normals(net.D);
    const X = rng.normals(3 * 4);
    for (const s of r.symmetries) {
      expect(forward(net, scaled(net, theta, s.coefficients, 0.6), X, 4).outputs).toBeAllClose(
        forward(net, theta, X, 4).outputs,
        { rtol: 1e-12, atol: 1e-12 },
      );
    }
  });
});
