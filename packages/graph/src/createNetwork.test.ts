import { describe, expect, it } from 'vitest';
import { expectNetworkError } from '../test/helpers.js';
import { createNetwork } from './createNetwork.js';
import type { NetworkSpec, NodeSpec } from './Network.js';
import { NetworkError } from './NetworkError.js';

const inp = (id: string): NodeSpec => ({ id, kind: 'input' });
const hid = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'hidden', ...extra });
const out = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, kind: 'output', ...extra });
const e = (from: string, to: string) => ({ from, to });

describe('createNetwork parameter layout', () => {
  // A skip edge x0→y0, a max-pool neuron m (k = 2) fed by a and b, biases on a and y0.
  const spec: NetworkSpec = {
    nodes: [
      inp('x0'),
      hid('a', { bias: true }),
      hid('b', { activation: 'identity' }),
      hid('m', { activation: 'maxpool', k: 2 }),
      out('y0', { bias: true }),
    ],
    edges: [e('x0', 'a'), e('x0', 'b'), e('a', 'm'), e('b', 'm'), e('m', 'y0'), e('x0', 'y0'), e('a', 'y0')],
  };
  const net = createNetwork(spec);

  it('numbers weights in edge order skipping edges into max-pool, then biases in node order', () => {
    // By hand from the spec: edges 2 and 3 enter the max-pool m.
    expect(net.edgeParam).toEqual([0, 1, -1, -1, 2, 3, 4]);
    expect(net.nWeights).toBe(5);
    expect(net.biasParam).toEqual([-1, 5, -1, -1, 6]);
    expect(net.D).toBe(7);
    expect(net.paramEdge).toEqual([0, 1, 4, 5, 6, -1, -1]);
    expect(net.paramNode).toEqual([-1, -1, -1, -1, -1, 1, 4]);
  });

  it('names every parameter in Unicode and ASCII', () => {
    expect(net.paramNames).toEqual(['w(x0→a)', 'w(x0→b)', 'w(m→y0)', 'w(x0→y0)', 'w(a→y0)', 'b(a)', 'b(y0)']);
    expect(net.paramNamesAscii).toEqual([
      'w(x0->a)',
      'w(x0->b)',
      'w(m->y0)',
      'w(x0->y0)',
      'w(a->y0)',
      'b(a)',
      'b(y0)',
    ]);
  });

  it('lists node roles, adjacency and a topological order', () => {
    expect(net.inputs).toEqual([0]);
    expect(net.hidden).toEqual([1, 2, 3]);
    expect(net.outputs).toEqual([4]);
    expect(net.inEdges).toEqual([[], [0], [1], [2, 3], [4, 5, 6]]);
    expect(net.outEdges).toEqual([[0, 1, 5], [2, 6], [3], [4], []]);
    expect(net.topoOrder).toEqual([0, 1, 2, 3, 4]);
    expect(net.nodes[3]).toEqual({ id: 'm', kind: 'hidden', activation: 'maxpool', k: 2, bias: false });
  });

  it('gives laws only to ReLU/identity neurons none of whose edges enter a max-pool', () => {
    // a and b both feed m, so neither carries a law (MATH.md §1, see README Notes).
    expect(net.lawNodes).toEqual([]);
    const plain = createNetwork({
      nodes: [inp('x'), hid('h'), hid('g', { activation: 'identity' }), out('y')],
      edges: [e('x', 'h'), e('h', 'g'), e('g', 'y')],
    });
    expect(plain.lawNodes).toEqual([1, 2]);
  });

  it('orders topologically even when nodes and edges are listed backwards', () => {
    const back = createNetwork({
      nodes: [out('y'), hid('h2'), hid('h1'), inp('x')],
      edges: [e('h2', 'y'), e('h1', 'h2'), e('x', 'h1')],
    });
    expect(back.topoOrder).toEqual([3, 2, 1, 0]);
    for (const [k, edge] of back.edges.entries()) {
      expect(back.topoOrder.indexOf(edge.from), `edge ${k}`).toBeLessThan(back.topoOrder.indexOf(edge.to));
    }
  });

  it('copies a given theta into a Float64Array', () => {
    const withTheta = createNetwork({ ...spec, theta: [1, 2, 3, 4, 5, 6, 7] });
    expect(withTheta.theta).toEqual(Float64Array.from([1, 2, 3, 4, 5, 6, 7]));
  });
});

describe('createNetwork validation names the node or edge', () => {
  const chain = (
    edges: { from: string; to: string }[],
    nodes: NodeSpec[] = [inp('x'), hid('a'), hid('b'), hid('c'), out('y')],
  ) => ({ nodes, edges });

  it('rejects an empty graph', () => {
    expectNetworkError({ nodes: [], edges: [] }, 'empty', /no nodes/);
  });
  it('rejects duplicate ids', () => {
    expectNetworkError(
      { nodes: [inp('x'), out('x')], edges: [] },
      'duplicate-id',
      /duplicate node id "x" \(nodes\[0\] and nodes\[1\]\)/,
    );
  });
  it('rejects an unknown endpoint', () => {
    expectNetworkError(
      { nodes: [inp('x'), out('y')], edges: [e('x', 'z')] },
      'unknown-endpoint',
      /edge x → z \(edges\[0\]\) names unknown node "z"/,
    );
  });
  it('rejects a self-loop', () => {
    expectNetworkError(
      chain([e('x', 'a'), e('a', 'a'), e('a', 'y')], [inp('x'), hid('a'), out('y')]),
      'self-loop',
      /edge a → a \(edges\[1\]\) is a self-loop/,
    );
  });
  it('rejects a duplicate edge', () => {
    expectNetworkError(
      { nodes: [inp('x'), out('y')], edges: [e('x', 'y'), e('x', 'y')] },
      'duplicate-edge',
      /edge x → y \(edges\[1\]\) duplicates edges\[0\]/,
    );
  });
  it('rejects an edge into an input', () => {
    expectNetworkError(
      { nodes: [inp('x'), inp('x2'), out('y')], edges: [e('x', 'x2'), e('x2', 'y')] },
      'input-incoming',
      /edge x → x2 .* enters input "x2"/,
    );
  });
  it('rejects an edge out of an output', () => {
    expectNetworkError(
      { nodes: [inp('x'), out('y'), out('y2')], edges: [e('x', 'y'), e('y', 'y2')] },
      'output-outgoing',
      /edge y → y2 .* leaves output "y"/,
    );
  });
  it('prints a cycle a → b → c → a', () => {
    expectNetworkError(
      chain([e('x', 'a'), e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'y')]),
      'cycle',
      /cycle a → b → c → a$/,
    );
  });
  it('prints a two-node cycle', () => {
    expectNetworkError(
      chain([e('x', 'a'), e('a', 'b'), e('b', 'a'), e('b', 'y')], [inp('x'), hid('a'), hid('b'), out('y')]),
      'cycle',
      /cycle a → b → a$/,
    );
  });
  it('rejects a hidden neuron that no input reaches', () => {
    expectNetworkError(
      chain([e('x', 'a'), e('a', 'y'), e('b', 'y')], [inp('x'), hid('a'), hid('b'), out('y')]),
      'dead-neuron',
      /hidden node "b" is on no input→output path \(no input reaches it\)/,
    );
  });
  it('rejects a hidden neuron that reaches no output', () => {
    expectNetworkError(
      chain([e('x', 'a'), e('a', 'y'), e('x', 'b')], [inp('x'), hid('a'), hid('b'), out('y')]),
      'dead-neuron',
      /hidden node "b" .*reaches no output/,
    );
  });
  it('rejects a bias on a max-pool neuron', () => {
    expectNetworkError(
      {
        nodes: [inp('x'), hid('m', { activation: 'maxpool', bias: true }), out('y')],
        edges: [e('x', 'm'), e('m', 'y')],
      },
      'maxpool-bias',
      /max-pool node "m" cannot have a bias/,
    );
  });
  it('rejects k above the in-degree and k below 1', () => {
    const pool = (k: number) => ({
      nodes: [inp('x'), inp('x1'), hid('m', { activation: 'maxpool', k }), out('y')],
      edges: [e('x', 'm'), e('x1', 'm'), e('m', 'y')],
    });
    expectNetworkError(pool(3), 'k-range', /max-pool node "m" has k = 3, expected an integer in 1\.\.2/);
    expectNetworkError(pool(0), 'k-range', /max-pool node "m" has k = 0/);
    expectNetworkError(pool(1.5), 'k-range', /k = 1.5, expected an integer/);
    expect(createNetwork(pool(2)).nodes[2]!.k).toBe(2);
  });
  it('rejects k on a neuron that is not max-pool', () => {
    expectNetworkError(
      { nodes: [inp('x'), hid('h', { k: 1 }), out('y')], edges: [e('x', 'h'), e('h', 'y')] },
      'k-range',
      /node "h" has k = 1 but is not a max-pool/,
    );
  });
  it('rejects theta of the wrong length and non-finite theta', () => {
    const base = { nodes: [inp('x'), out('y')], edges: [e('x', 'y')] };
    expectNetworkError({ ...base, theta: [1, 2] }, 'theta-length', /theta has length 2, expected D = 1/);
    expectNetworkError(
      { ...base, theta: [Number.NaN] },
      'theta-nonfinite',
      /theta\[0\] = NaN \(w\(x→y\)\) is not a finite number/,
    );
    expectNetworkError({ ...base, theta: [Number.POSITIVE_INFINITY] }, 'theta-nonfinite', /Infinity/);
  });
  it('rejects graphs without inputs or outputs', () => {
    expectNetworkError({ nodes: [out('y')], edges: [] }, 'no-inputs', /no input/);
    expectNetworkError({ nodes: [inp('x')], edges: [] }, 'no-outputs', /no output/);
  });
  it('rejects bad kinds, activations, ids, and activations on inputs or outputs', () => {
    expectNetworkError(
      { nodes: [{ id: 'x', kind: 'neuron' }], edges: [] },
      'bad-node',
      /node "x" has kind "neuron"/,
    );
    expectNetworkError(
      { nodes: [{ id: 'x', kind: 'hidden', activation: 'tanh' }], edges: [] },
      'bad-node',
      /activation "tanh"/,
    );
    expectNetworkError(
      { nodes: [{ id: '1x', kind: 'input' }], edges: [] },
      'bad-node',
      /"1x" is not an identifier/,
    );
    expectNetworkError(
      { nodes: [inp('x'), out('y', { activation: 'relu' })], edges: [] },
      'bad-node',
      /output node "y" has activation 'relu'/,
    );
    expectNetworkError(
      { nodes: [inp('x'), { id: 'x2', kind: 'input', bias: true }], edges: [] },
      'bad-node',
      /input node "x2" cannot have a bias/,
    );
  });
  it('rejects unknown fields (a typo would otherwise be ignored silently)', () => {
    expectNetworkError(
      {
        nodes: [inp('x'), { id: 'h', kind: 'hidden', activaton: 'identity' }, out('y')],
        edges: [e('x', 'h'), e('h', 'y')],
      },
      'unknown-field',
      /node "h" \(nodes\[1\]\) has unknown field "activaton" \(allowed: id, kind, activation, k, bias, biasParam\)/,
    );
    expectNetworkError(
      { nodes: [inp('x'), out('y')], edges: [{ from: 'x', to: 'y', wieght: 2 }] },
      'unknown-field',
      /edges\[0\] has unknown field "wieght"/,
    );
    expectNetworkError(
      { nodes: [inp('x'), out('y')], edges: [], params: [] },
      'unknown-field',
      /spec has unknown field "params"/,
    );
  });
  it('throws TypeError for wrongly typed fields', () => {
    expect(() => createNetwork(null as unknown as NetworkSpec)).toThrow(TypeError);
    expect(() => createNetwork({ nodes: 3, edges: [] } as unknown as NetworkSpec)).toThrow(
      /spec.nodes must be an array, got 3/,
    );
    expect(() => createNetwork({ edges: [] } as unknown as NetworkSpec)).toThrow(
      /^createNetwork: spec.nodes must be an array, got undefined \(missing\)$/,
    );
    expect(() =>
      createNetwork({ nodes: [{ id: 4, kind: 'input' }], edges: [] } as unknown as NetworkSpec),
    ).toThrow(TypeError);
    expect(() =>
      createNetwork({ nodes: [inp('x'), out('y')], edges: [{ from: 'x' }] } as unknown as NetworkSpec),
    ).toThrow(/edges\[0\] must have string fields/);
    expect(() =>
      createNetwork({
        nodes: [inp('x'), out('y')],
        edges: [e('x', 'y')],
        theta: 'a',
      } as unknown as NetworkSpec),
    ).toThrow(TypeError);
  });
});
