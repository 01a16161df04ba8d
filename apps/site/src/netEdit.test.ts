import { describe, expect, it } from 'vitest';
import {
  addEdge,
  addNode,
  draftProblems,
  edgeSources,
  edgeTargets,
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
  if (r.spec === null) throw new Error(r.error ?? r.kind);
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
    expect(v.error).toMatch(/^The graph has a cycle h1_0 → h1_1 → h1_0/);
    expect(draftProblems(s)).toEqual(['the edges form a cycle h1_0 → h1_1 → h1_0']);
  });

  it('reports every problem of a draft at once: duplicate edge, cycle, self-loop, output→input, dangling', () => {
    let s = addEdge(base(), 'x0', 'h1_0'); // duplicate
    s = addEdge(s, 'h1_2', 'h1_2'); // self-loop
    s = addEdge(s, 'y0', 'x1'); // out of an output, into an input
    s = addEdge(addEdge(s, 'h1_0', 'h1_1'), 'h1_1', 'h1_0'); // cycle
    s = addNode(s, 'n0', 'hidden'); // dangling
    expect(draftProblems(s)).toEqual([
      'edge x0 → h1_0 is there twice',
      'edge h1_2 → h1_2 is a self-loop (a neuron feeding itself)',
      'edge y0 → x1 goes into an input (inputs have no incoming edges)',
      'edge y0 → x1 leaves an output (outputs have no outgoing edges)',
      'the edges form a cycle h1_0 → h1_1 → h1_0',
      'neuron n0 is on no input→output path (no input reaches it and it reaches no output)',
    ]);
  });

  it('finds one cycle per strongly connected part, and none in a DAG', () => {
    expect(draftProblems(base())).toEqual([]);
    let s = addEdge(addEdge(base(), 'h1_0', 'h1_1'), 'h1_1', 'h1_2');
    s = addEdge(s, 'h1_2', 'h1_0');
    expect(draftProblems(s)).toEqual(['the edges form a cycle h1_0 → h1_1 → h1_2 → h1_0']);
  });

  it('a new hidden neuron is dangling until it is wired from an input and to an output', () => {
    const s0 = base();
    const id = freshId(s0, 'n');
    expect(id).toBe('n0');
    const s1 = addNode(s0, id, 'hidden', 'relu');
    expect(validateSpec(s1).error).toMatch(/"n0" is on no input→output path/);
    const s2 = addEdge(s1, 'x0', 'n0');
    expect(draftProblems(s2)).toEqual(['neuron n0 is on no input→output path (it reaches no output)']);
    const s3 = addEdge(s2, 'n0', 'y0');
    expect(validateSpec(s3).net?.D).toBe(14);
  });

  it('the edge pickers never offer self-loops, edges out of outputs, into inputs, or existing edges', () => {
    const s = base();
    expect(edgeSources(s)).toEqual(['x0', 'x1', 'h1_0', 'h1_1', 'h1_2']);
    expect(edgeTargets(s, 'h1_0')).toEqual(['h1_1', 'h1_2']); // h1_0 → y0, y1 exist already
    expect(edgeTargets(s, 'x0')).toEqual(['y0', 'y1']);
    expect(edgeTargets(s, 'y0')).toEqual([]);
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
    expect(readSpec('{"nodes": [').error).toMatch(/does not parse/);
    expect(readSpec('{"nodes": 3, "edges": []}').error).toBe('"nodes" must be an array');
  });

  it('a JSON spec whose ids are not text is refused before the editor sees it, naming every bad entry', () => {
    const r = readSpec(
      '{"nodes":[{"id":{"a":1},"kind":"input"},{"id":"y","kind":"sideways"}],"edges":[{"from":1,"to":"y"}]}',
    );
    expect(r.kind).toBe('error');
    expect(r.error).toBe(
      'neuron #0 needs a text id (got an object); neuron #1 needs a kind: input, hidden or output (got "sideways"); edge #0 needs text "from" and "to" ids',
    );
  });

  it('a preset above the editor budget is sized, not expanded (relu:1000-1000-1000: 2·10⁶ edges)', () => {
    expect(readSpec('relu:1000-1000-1000')).toEqual({
      kind: 'large',
      spec: null,
      edges: 2_000_000,
      error: null,
    });
    expect(readSpec('attention:3:2:2:3').kind).toBe('attention');
  });
});
