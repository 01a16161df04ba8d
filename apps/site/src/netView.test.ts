import { presetSpec } from '@idyn/graph';
import { describe, expect, it } from 'vitest';
import { DAG_MAX_LAYER } from './budget.js';
import { dagView, layersOf } from './netView.js';

describe('DAG drawing within the budget', () => {
  it('layers are longest paths from the inputs, outputs last (resblock:2:1: x → r1 → y, and the skip)', () => {
    const spec = presetSpec('resblock:2:1');
    const layers = layersOf(spec)!;
    expect(layers.get('x0')).toBe(0);
    expect(layers.get('r1_0')).toBe(1);
    expect(layers.get('y0')).toBe(2);
  });

  it('a cycle has no layers', () => {
    expect(
      layersOf({
        nodes: [
          { id: 'a', kind: 'hidden' },
          { id: 'b', kind: 'hidden' },
        ],
        edges: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
        ],
      }),
    ).toBeNull();
  });

  it('small networks are drawn neuron by neuron; the highlight is the path', () => {
    const spec = presetSpec('relu:2-3-2');
    const v = dagView(spec, ['x0', 'h1_0', 'y0'], layersOf(spec)!);
    expect(v.collapsed).toBe(0);
    expect(v.nodes).toHaveLength(7);
    expect(v.edges).toHaveLength(12);
    expect(v.highlight).toEqual(['x0', 'h1_0', 'y0']);
  });

  it(`a layer of more than ${DAG_MAX_LAYER} neurons is one box named by its ids, the rest stays; arrows are merged`, () => {
    const spec = presetSpec('relu:2-30-2');
    const v = dagView(spec, ['x1', 'h1_7', 'y0'], layersOf(spec)!);
    expect(v.collapsed).toBe(1);
    expect(v.nodes.map((n) => n.label ?? n.id)).toEqual(['x0', 'x1', 'h1_* ×30', 'y0', 'y1']);
    expect(v.edges).toHaveLength(4); // x0, x1 → box → y0, y1
    expect(v.highlight).toEqual(['x1', 'L1:hidden', 'y0']);
    expect(v.description).toMatch(/1 large layer shown as one box/);
  });

  it('too many boxes even collapsed: not drawn, with the reason', () => {
    const spec = presetSpec('resblock:2:100');
    const v = dagView(spec, [], layersOf(spec)!);
    expect(v.refused).toMatch(/^Not drawn: even with every layer as one box/);
    expect(v.nodes).toEqual([]);
  });
});
