import { describe, expect, it } from 'vitest';
import {
  addEdge,
  addNode,
  freshId,
  readSpec,
  removeEdge,
  removeNode,
  setActivation,
  setBias,
  specText,
  validateSpec,
} from './netEdit.js';

const base = () => {
  const r = readSpec('relu:2-3-2');
  if (r.spec === null) throw new Error(r.error);
  return r.spec;
};

describe('network editing', () => {
  it('a preset and its JSON text give the same network (D = 12 for relu:2-3-2, graph README)', () => {
    const s = base();
    const again = readSpec(specText(s));
    expect(again.error).toBeNull();
    expect(validateSpec(again.spec!).net!.D).toBe(12);
  });

  it('closing a cycle gives a message naming its neurons', () => {
    const s = addEdge(addEdge(base(), 'h1_0', 'h1_1'), 'h1_1', 'h1_0');
    const v = validateSpec(s);
    expect(v.net).toBeNull();
    expect(v.error).toMatch(/cycle/);
    expect(v.error).toMatch(/h1_0 → h1_1 → h1_0/);
  });

  it('a new hidden neuron is dangling until it is wired from an input and to an output', () => {
    const s0 = base();
    const id = freshId(s0, 'n');
    expect(id).toBe('n0');
    const s1 = addNode(s0, id, 'hidden', 'relu');
    expect(validateSpec(s1).error).toMatch(/"n0" is on no input→output path/);
    const s2 = addEdge(s1, 'x0', 'n0');
    expect(validateSpec(s2).error).toMatch(/n0/);
    const s3 = addEdge(s2, 'n0', 'y0');
    expect(validateSpec(s3).net?.D).toBe(14);
  });

  it('removing a neuron removes its edges; removing an edge keeps the rest in order', () => {
    const s = removeNode(base(), 'h1_1');
    expect(s.nodes.map((n) => n.id)).not.toContain('h1_1');
    expect(s.edges.some((e) => e.from === 'h1_1' || e.to === 'h1_1')).toBe(false);
    expect(validateSpec(s).net?.D).toBe(8);
    const t = removeEdge(base(), 0);
    expect(t.edges).toEqual(base().edges.slice(1));
  });

  it('biases add one parameter each; max-pool drops the bias and sets k = 1', () => {
    const s = setBias(setBias(base(), 'h1_0', true), 'y0', true);
    expect(validateSpec(s).net?.D).toBe(14);
    const m = setActivation(s, 'h1_0', 'maxpool');
    const node = m.nodes.find((n) => n.id === 'h1_0')!;
    expect(node).toEqual({ id: 'h1_0', kind: 'hidden', activation: 'maxpool', k: 1 });
    expect(setBias(s, 'h1_0', false).nodes.find((n) => n.id === 'h1_0')!.bias).toBeUndefined();
  });

  it('unknown presets and malformed JSON are reported, not thrown', () => {
    expect(readSpec('relu:2-x').error).toMatch(/preset/);
    expect(readSpec('{"nodes": [').error).not.toBeNull();
    expect(readSpec('{"nodes": 3, "edges": []}').error).toMatch(/nodes/);
  });
});
