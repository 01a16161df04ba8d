import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutDag } from './layoutDag.js';
import type { DagEdge, DagNode } from './spec.js';

const n = (id: string, kind: DagNode['kind'] = 'hidden'): DagNode => ({ id, kind });

describe('layoutDag', () => {
  it('assigns longest-path layers and moves sink outputs to the last layer', () => {
    const nodes = [n('x1', 'input'), n('x2', 'input'), n('a'), n('b'), n('y1', 'output'), n('y2', 'output')];
    const edges: DagEdge[] = [
      { from: 'x1', to: 'a' },
      { from: 'a', to: 'b' },
      { from: 'b', to: 'y1' },
      { from: 'x2', to: 'y2' },
    ];
    const r = layoutDag(nodes, edges);
    // Longest path x1 -> a -> b -> y1 has 3 edges; y2 (an output) goes to layer 3 too.
    expect(r.layer).toEqual({ x1: 0, x2: 0, a: 1, b: 2, y1: 3, y2: 3 });
    // The edge x2 -> y2 crosses layers 1 and 2 through two dummy points.
    expect(r.routes[3]?.via.map((v) => v.layer)).toEqual([1, 2]);
    expect(r.layerSizes).toEqual([2, 2, 2, 2]);
  });

  it('untangles a crossing that the input order creates (barycentre sweeps)', () => {
    // Inputs a, b; hidden c, d listed so that a->d and b->c cross in input order.
    const nodes = [n('a', 'input'), n('b', 'input'), n('c'), n('d')];
    const edges: DagEdge[] = [
      { from: 'a', to: 'd' },
      { from: 'b', to: 'c' },
    ];
    const r = layoutDag(nodes, edges);
    expect(r.crossings).toBe(0);
    expect(r.slot.d).toBe(r.slot.a);
  });

  it('rejects cycles and unknown ids', () => {
    expect(() =>
      layoutDag(
        [n('a'), n('b')],
        [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
        ],
      ),
    ).toThrow(/cycle/);
    expect(() => layoutDag([n('a')], [{ from: 'a', to: 'q' }])).toThrow(
      'layoutDag: edges[0].to is "q", not a node id',
    );
  });

  it('on random DAGs, every edge points to a later layer and slots are a permutation per layer', () => {
    const dag = fc.integer({ min: 2, max: 12 }).chain((size) =>
      fc.record({
        size: fc.constant(size),
        pairs: fc.uniqueArray(
          fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 0, max: size - 1 })),
          {
            maxLength: 30,
            selector: ([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`,
          },
        ),
      }),
    );
    fc.assert(
      fc.property(dag, ({ size, pairs }) => {
        const nodes = Array.from({ length: size }, (_, i) =>
          n(`v${i}`, i === 0 ? 'input' : i === size - 1 ? 'output' : 'hidden'),
        );
        // Orient every edge from the smaller to the larger index: acyclic by construction.
        const edges = pairs
          .filter(([a, b]) => a !== b)
          .map(([a, b]) => ({ from: `v${Math.min(a, b)}`, to: `v${Math.max(a, b)}` }));
        const r = layoutDag(nodes, edges);
        for (const e of edges) expect(r.layer[e.to]!).toBeGreaterThan(r.layer[e.from]!);
        const perLayer = new Map<number, number[]>();
        for (const node of nodes)
          perLayer.set(r.layer[node.id]!, [...(perLayer.get(r.layer[node.id]!) ?? []), r.slot[node.id]!]);
        for (const route of r.routes)
          for (const v of route.via) perLayer.set(v.layer, [...(perLayer.get(v.layer) ?? []), v.slot]);
        for (const [l, slots] of perLayer) {
          expect([...slots].sort((a, b) => a - b)).toEqual(
            Array.from({ length: r.layerSizes[l]! }, (_, i) => i),
          );
        }
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
