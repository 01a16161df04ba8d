import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { nodeDepths } from './nodeDepths.js';
import { parseNetwork } from './parseNetwork.js';
import { randomDag } from './randomDag.js';

describe('nodeDepths', () => {
  it('the layer index of every neuron of a layered preset; a skip edge does not shorten the longest path', () => {
    expect(Array.from(nodeDepths(parseNetwork('relu:2-3-1')))).toEqual([0, 0, 1, 1, 1, 2]);
    const dense = parseNetwork('dense:2-3-1');
    const depth = nodeDepths(dense);
    expect(depth[dense.outputs[0]!]).toBe(2);
    expect(dense.inputs.map((v) => depth[v])).toEqual([0, 0]);
  });

  it('on random DAGs: every edge climbs, and every non-input has a tail one level below (longest path)', () => {
    for (let seed = 0; seed < 30; seed++) {
      const net = randomDag(createRng(seed), { skipProbability: 0.4 });
      const depth = nodeDepths(net);
      for (const e of net.edges) expect(depth[e.to]!).toBeGreaterThan(depth[e.from]!);
      net.nodes.forEach((_, v) => {
        const tails = net.inEdges[v]!.map((e) => depth[net.edges[e]!.from]!);
        expect(depth[v]).toBe(tails.length === 0 ? 0 : Math.max(...tails) + 1);
      });
    }
  });
});
