import { readFileSync } from 'node:fs';
import { createRng } from '@idyn/linalg';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backward } from './backward.js';
import { createNetwork } from './createNetwork.js';
import { forward } from './forward.js';
import { mseGradient } from './mseGradient.js';
import type { Network, NetworkSpec, NodeSpec } from './Network.js';
import { NetworkError, type NetworkErrorCode } from './NetworkError.js';
import { networkSpec } from './networkSpec.js';
import { parseNetwork } from './parseNetwork.js';
import { randomDag } from './randomDag.js';
import { serializeNetwork } from './serializeNetwork.js';
import { tieParameters } from './tieParameters.js';

const inp = (id: string): NodeSpec => ({ id, kind: 'input' });
const hid = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'hidden', ...extra });
const out = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'output', ...extra });

function expectNetworkError(spec: unknown, code: NetworkErrorCode, message: RegExp): void {
  let caught: unknown;
  try {
    createNetwork(spec as NetworkSpec);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(NetworkError);
  expect((caught as NetworkError).code).toBe(code);
  expect((caught as NetworkError).message).toMatch(message);
}

/**
 * A 1-D convolution by hand: inputs x0..x2, kernel (a, b) shared by positions h0 = relu(a x0 + b x1 + c)
 * and h1 = relu(a x1 + b x2 + c) (shared bias c), dense readout y = u h0 + v h1.
 */
const convSpec: NetworkSpec = {
  nodes: [
    inp('x0'),
    inp('x1'),
    inp('x2'),
    hid('h0', { activation: 'relu', bias: true, biasParam: 2 }),
    hid('h1', { activation: 'relu', bias: true, biasParam: 2 }),
    out('y'),
  ],
  edges: [
    { from: 'x0', to: 'h0', param: 0 },
    { from: 'x1', to: 'h0', param: 1 },
    { from: 'x1', to: 'h1', param: 0 },
    { from: 'x2', to: 'h1', param: 1 },
    { from: 'h0', to: 'y', param: 3 },
    { from: 'h1', to: 'y', param: 4 },
  ],
};

/** theta of the unshared classic network that reads, edge by edge and bias by bias, the shared theta. */
function untie(shared: Network, plain: Network, theta: ArrayLike<number>): Float64Array {
  const t = new Float64Array(plain.D);
  shared.edgeParam.forEach((j, e) => {
    if (j >= 0) t[plain.edgeParam[e]!] = theta[j]!;
  });
  shared.biasParam.forEach((j, v) => {
    if (j >= 0) t[plain.biasParam[v]!] = theta[j]!;
  });
  return t;
}

/** The shared gradient as the sum, over the edges and biases carrying each parameter, of the unshared one. */
function tieGradient(shared: Network, plain: Network, g: ArrayLike<number>): Float64Array {
  const out = new Float64Array(shared.D);
  shared.edgeParam.forEach((j, e) => {
    if (j >= 0) out[j]! += g[plain.edgeParam[e]!]!;
  });
  shared.biasParam.forEach((j, v) => {
    if (j >= 0) out[j]! += g[plain.biasParam[v]!]!;
  });
  return out;
}

describe('shared parameters: layout', () => {
  const net = createNetwork(convSpec);

  it('reads D from the distinct indices and lists every edge and bias of each parameter', () => {
    expect(net.D).toBe(5);
    expect(net.nWeights).toBe(4);
    expect(net.shared).toBe(true);
    expect(net.edgeParam).toEqual([0, 1, 0, 1, 3, 4]);
    expect(net.biasParam).toEqual([-1, -1, -1, 2, 2, -1]);
    expect(net.paramEdges).toEqual([[0, 2], [1, 3], [], [4], [5]]);
    expect(net.paramBiasNodes).toEqual([[], [], [3, 4], [], []]);
    expect(net.paramEdge).toEqual([0, 1, -1, 4, 5]);
    expect(net.paramNode).toEqual([-1, -1, 3, -1, -1]);
  });

  it('names shared parameters θj, single ones as today, and uses paramNames when given', () => {
    expect(net.paramNames).toEqual(['θ0', 'θ1', 'θ2', 'w(h0→y)', 'w(h1→y)']);
    expect(net.paramNamesAscii).toEqual(['theta0', 'theta1', 'theta2', 'w(h0->y)', 'w(h1->y)']);
    const named = createNetwork({ ...convSpec, paramNames: ['W[0]', 'W[1]', 'c', 'u', 'v'] });
    expect(named.paramNames).toEqual(['W[0]', 'W[1]', 'c', 'u', 'v']);
  });

  it('gives no neuron a law of its own when its parameters are shared with another neuron', () => {
    expect(net.lawNodes).toEqual([]);
  });

  it('keeps the classic layout, shared = false, when no index is given', () => {
    const plain = parseNetwork('relu:2-3-2+bias');
    expect(plain.shared).toBe(false);
    expect(plain.paramEdges.slice(0, 2)).toEqual([[0], [1]]);
    expect(plain.paramBiasNodes[12]).toEqual([2]);
    expect(plain.fixedWeight.every(Number.isNaN)).toBe(true);
  });
});

describe('shared parameters: validation names the edge or node and the index', () => {
  const withEdges = (edges: NetworkSpec['edges'], nodes = convSpec.nodes): NetworkSpec => ({ nodes, edges });
  const edges = convSpec.edges;

  it('rejects a mix of indexed and unindexed edges or biases', () => {
    expectNetworkError(
      withEdges([...edges.slice(0, 5), { from: 'h1', to: 'y' }]),
      'param-index',
      /edge h1 → y \(edges\[5\]\) has no parameter index, but other edges or biases carry one/,
    );
    expectNetworkError(
      withEdges(edges, [...convSpec.nodes.slice(0, 4), hid('h1', { bias: true }), out('y')]),
      'param-index',
      /the bias of node "h1" \(nodes\[4\]\) has no parameter index/,
    );
  });

  it('rejects indices that leave a gap in 0..D−1, naming the edge and the index', () => {
    expectNetworkError(
      withEdges([...edges.slice(0, 5), { from: 'h1', to: 'y', param: 7 }]),
      'param-index',
      /edge h1 → y \(edges\[5\]\) has parameter index 7, but only 5 distinct indices are used: indices must be 0\.\.4, each used at least once \(index 4 is unused\)/,
    );
  });

  it('rejects non-integer and negative indices, and wrongly typed ones', () => {
    expectNetworkError(
      withEdges([{ from: 'x0', to: 'h0', param: 1.5 }, ...edges.slice(1)]),
      'param-index',
      /edge x0 → h0 \(edges\[0\]\) has parameter index 1\.5, expected an integer/,
    );
    expectNetworkError(
      withEdges([{ from: 'x0', to: 'h0', param: -1 }, ...edges.slice(1)]),
      'param-index',
      /has parameter index -1/,
    );
    expect(() =>
      createNetwork(
        withEdges([{ from: 'x0', to: 'h0', param: '0' as unknown as number }, ...edges.slice(1)]),
      ),
    ).toThrow(TypeError);
  });

  it('rejects a parameter that is both a weight and a bias', () => {
    expectNetworkError(
      withEdges([...edges.slice(0, 4), { from: 'h0', to: 'y', param: 2 }, { from: 'h1', to: 'y', param: 3 }]),
      'param-index',
      /parameter index 2 is the weight of edge h0 → y \(edges\[4\]\) and the bias of node "h0": a parameter is either a weight or a bias/,
    );
  });

  it('rejects an index on an edge into a max-pool, and a bias index without a bias', () => {
    expectNetworkError(
      {
        nodes: [inp('x'), hid('h'), hid('m', { activation: 'maxpool' }), out('y')],
        edges: [
          { from: 'x', to: 'h', param: 0 },
          { from: 'h', to: 'm', param: 1 },
          { from: 'm', to: 'y', param: 1 },
        ],
      },
      'param-index',
      /edge h → m \(edges\[1\]\) enters max-pool "m" and carries no parameter \(fixed weight 1\), but has parameter index 1/,
    );
    expectNetworkError(
      { nodes: [inp('x'), hid('h', { biasParam: 0 }), out('y')], edges: [] },
      'param-index',
      /node "h" \(nodes\[1\]\) has bias parameter index 0 but no bias: true/,
    );
  });

  it('rejects bad paramNames', () => {
    expectNetworkError(
      { ...convSpec, paramNames: ['a', 'b'] },
      'param-names',
      /spec\.paramNames has 2 names, expected D = 5/,
    );
    expectNetworkError(
      { ...convSpec, paramNames: ['a', 'b', 'c', 'a', 'e'] },
      'param-names',
      /spec\.paramNames\[3\] "a" repeats spec\.paramNames\[0\]/,
    );
    expect(() => createNetwork({ ...convSpec, paramNames: 'abc' as unknown as string[] })).toThrow(TypeError);
  });

  it('rejects fixed weights that are zero, on a max-pool edge or together with an index', () => {
    const nodes = [inp('x'), hid('h', { activation: 'identity' }), out('y')];
    expectNetworkError(
      {
        nodes,
        edges: [
          { from: 'x', to: 'h', weight: 0 },
          { from: 'h', to: 'y' },
        ],
      },
      'edge-weight',
      /edge x → h \(edges\[0\]\) has fixed weight 0, expected a finite nonzero number/,
    );
    expectNetworkError(
      {
        nodes,
        edges: [
          { from: 'x', to: 'h', weight: 2, param: 0 },
          { from: 'h', to: 'y', param: 1 },
        ],
      },
      'edge-weight',
      /edge x → h \(edges\[0\]\) has both a fixed weight \(2\) and parameter index 0/,
    );
    expectNetworkError(
      {
        nodes: [inp('x'), hid('m', { activation: 'maxpool' }), out('y')],
        edges: [
          { from: 'x', to: 'm', weight: 1 },
          { from: 'm', to: 'y' },
        ],
      },
      'edge-weight',
      /enters max-pool "m" and carries no parameter \(fixed weight 1\), but has weight 1/,
    );
  });
});

describe('shared parameters: JSON round trip', () => {
  it('networkSpec gives back an indexed spec exactly, and omits indices for the classic layout', () => {
    expect(networkSpec(createNetwork(convSpec))).toEqual(convSpec);
    const classic = networkSpec(parseNetwork('relu:2-2-1+bias'));
    expect(JSON.stringify(classic)).not.toMatch(/param/i);
    const named = { ...convSpec, paramNames: ['W[0]', 'W[1]', 'c', 'u', 'v'] };
    expect(networkSpec(createNetwork(named))).toEqual(named);
  });

  it('round-trips random tied DAGs with theta bit-identically through JSON text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const base = randomDag(rng, { maxpoolProbability: 0.2, biasProbability: 0.5 });
        const net = tieParameters(rng, base, { fraction: 0.3 + 0.7 * rng.uniform(), fixedProbability: 0.1 });
        const theta = rng.normals(net.D).map((t) => t * 10 ** rng.integer(-20, 20));
        const text = serializeNetwork(net, { theta });
        const back = parseNetwork(text);
        expect(back.theta).toEqual(theta);
        expect(networkSpec(back)).toEqual(networkSpec(net, theta));
        expect(back.paramNames).toEqual(net.paramNames);
        expect(back.edgeParam).toEqual(net.edgeParam);
        expect(back.biasParam).toEqual(net.biasParam);
      }),
      { numRuns: 40, seed: 20 },
    );
  });

  it('the JSON Schema accepts indexed specs with names and fixed weights and rejects param with weight', () => {
    const schema = JSON.parse(readFileSync(new URL('./network.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
    const good = {
      ...convSpec,
      edges: [...convSpec.edges.slice(0, 5), { from: 'h1', to: 'y', weight: 1 }],
      paramNames: ['W[0]', 'W[1]', 'c', 'u'],
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(createNetwork(good).D).toBe(4);
    const bad = [
      { ...convSpec, edges: [{ from: 'x0', to: 'h0', param: 0, weight: 1 }] },
      { ...convSpec, edges: [{ from: 'x0', to: 'h0', param: -1 }] },
      { ...convSpec, edges: [{ from: 'x0', to: 'h0', weight: 0 }] },
      { nodes: [inp('x'), hid('h', { biasParam: 0 })], edges: [] },
      { ...convSpec, paramNames: ['a', 'a'] },
    ];
    for (const spec of bad) expect(validate(spec), JSON.stringify(spec)).toBe(false);
  });
});

describe('shared parameters: forward, backward and MSE gradient', () => {
  it('the 1-D convolution by hand: forward is relu(a x0 + b x1 + c), relu(a x1 + b x2 + c) read out', () => {
    const net = createNetwork(convSpec);
    const [a, b, c, u, v] = [2, -1, 0.5, 3, -2];
    const X = [1, 2, 4, -1, 3, 0];
    const relu = (t: number) => Math.max(t, 0);
    const expected = [0, 1].map((s) => {
      const x = X.slice(3 * s, 3 * s + 3);
      return u * relu(a * x[0]! + b * x[1]! + c) + v * relu(a * x[1]! + b * x[2]! + c);
    });
    expect(Array.from(forward(net, [a, b, c, u, v], X, 2).outputs)).toEqual(expected);
  });

  it('on random tied DAGs, forward equals the untied network and gradients add up over tied edges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const plain = randomDag(rng, {
          maxpoolProbability: 0.2,
          identityProbability: 0.2,
          biasProbability: 0.5,
        });
        const net = tieParameters(rng, plain, { fraction: 0.3 + 0.7 * rng.uniform() });
        const theta = rng.normals(net.D);
        const t = untie(net, plain, theta);
        const batch = 3;
        const X = rng.normals(batch * net.inputs.length);
        const Y = rng.normals(batch * net.outputs.length);
        const G = rng.normals(batch * net.outputs.length);
        expect(forward(net, theta, X, batch).outputs).toEqual(forward(plain, t, X, batch).outputs);
        const shared = backward(net, theta, X, batch, G);
        const ref = backward(plain, t, X, batch, G);
        expect(shared.gradTheta).toBeAllClose(tieGradient(net, plain, ref.gradTheta), {
          rtol: 1e-13,
          atol: 1e-13,
        });
        expect(shared.gradInputs).toEqual(ref.gradInputs);
        const m = mseGradient(net, theta, X, Y, batch);
        const mRef = mseGradient(plain, t, X, Y, batch);
        expect(m.loss).toBe(mRef.loss);
        expect(m.gradTheta).toBeAllClose(tieGradient(net, plain, mRef.gradTheta), {
          rtol: 1e-13,
          atol: 1e-13,
        });
      }),
      { numRuns: 60, seed: 21 },
    );
  });

  it('the MSE gradient of a shared network matches central differences of the loss', () => {
    const net = createNetwork(convSpec);
    const rng = createRng(5);
    const theta = rng.normals(net.D);
    const X = rng.normals(4 * 3);
    const Y = rng.normals(4);
    const g = mseGradient(net, theta, X, Y, 4).gradTheta;
    const h = 1e-6;
    const fd = Float64Array.from({ length: net.D }, (_, j) => {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[j]! += h;
      tm[j]! -= h;
      return (mseGradient(net, tp, X, Y, 4).loss - mseGradient(net, tm, X, Y, 4).loss) / (2 * h);
    });
    expect(g).toBeAllClose(fd, { rtol: 1e-7, atol: 1e-9 });
  });

  it('a fixed-weight edge acts as a parametrised edge frozen at that weight', () => {
    // y = w2 relu(w1 x) + 1.5 x: the skip x → y has the fixed weight 1.5.
    const nodes = [inp('x'), hid('h'), out('y')];
    const fixed = createNetwork({
      nodes,
      edges: [
        { from: 'x', to: 'h' },
        { from: 'h', to: 'y' },
        { from: 'x', to: 'y', weight: 1.5 },
      ],
    });
    const free = createNetwork({
      nodes,
      edges: [
        { from: 'x', to: 'h' },
        { from: 'h', to: 'y' },
        { from: 'x', to: 'y' },
      ],
    });
    expect(fixed.D).toBe(2);
    expect(fixed.edgeParam).toEqual([0, 1, -1]);
    expect(fixed.fixedWeight).toEqual([Number.NaN, Number.NaN, 1.5]);
    expect(fixed.lawNodes).toEqual([1]);
    const X = [2, -1, 0.5];
    const G = [1, -2, 3];
    expect(forward(fixed, [0.7, -3], X, 3).outputs).toEqual(forward(free, [0.7, -3, 1.5], X, 3).outputs);
    const a = backward(fixed, [0.7, -3], X, 3, G);
    const b = backward(free, [0.7, -3, 1.5], X, 3, G);
    expect(Array.from(a.gradTheta)).toEqual(Array.from(b.gradTheta.subarray(0, 2)));
    expect(a.gradInputs).toEqual(b.gradInputs);
    expect(networkSpec(fixed).edges[2]).toEqual({ from: 'x', to: 'y', weight: 1.5 });
  });
});

describe('tieParameters (testing helper)', () => {
  it('draws fewer shared parameters, each used, reproducibly, and fixes some edges when asked', () => {
    const base = randomDag(createRng(9), { layers: 3, width: 3, biasProbability: 1 });
    const a = tieParameters(createRng(1), base, { fraction: 0.5, fixedProbability: 0.2 });
    const b = tieParameters(createRng(1), base, { fraction: 0.5, fixedProbability: 0.2 });
    expect(a.edgeParam).toEqual(b.edgeParam);
    expect(a.shared).toBe(true);
    expect(a.D).toBeLessThan(base.D);
    expect(a.paramEdges.every((l, j) => l.length + a.paramBiasNodes[j]!.length >= 1)).toBe(true);
    expect(a.fixedWeight.some((c) => !Number.isNaN(c))).toBe(true);
    expect(() => tieParameters(createRng(1), base, { fraction: 0 })).toThrow(
      /options\.fraction must be in \(0, 1\]/,
    );
  });
});
