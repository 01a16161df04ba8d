import { describe, expect, it } from 'vitest';
import { createNetwork } from './createNetwork.js';
import { networkSpec } from './networkSpec.js';
import { NetworkError } from './NetworkError.js';
import { parseNetwork } from './parseNetwork.js';
import { MAX_PRESET_EDGES, presetSpec } from './presetSpec.js';

const edgeList = (preset: string) => presetSpec(preset).edges.map((e) => `${e.from}→${e.to}`);

describe('presetSpec', () => {
  it('gives the D of MATH.md §5 for layered ReLU presets', () => {
    // MATH.md §5 table: [2,2,2] D 8, [3,2,2] D 10, [1,3,3,1] D 15, [2,2,1] hidden+output bias D 9.
    expect(parseNetwork('relu:2-2-2').D).toBe(8);
    expect(parseNetwork('relu:3-2-2').D).toBe(10);
    expect(parseNetwork('relu:1-3-3-1').D).toBe(15);
    expect(parseNetwork('relu:2-2-1+bias').D).toBe(9);
    // Closed form: sum of n_l n_{l-1} plus hidden widths: 2*2 + 2*1 + 2.
    expect(parseNetwork('relu:2-2-1+hbias').D).toBe(8);
  });

  it('lays layered weights out as W_l row-major (target neuron, then source)', () => {
    expect(edgeList('relu:2-2-1')).toEqual([
      'x0→h1_0',
      'x1→h1_0',
      'x0→h1_1',
      'x1→h1_1',
      'h1_0→y0',
      'h1_1→y0',
    ]);
    const net = parseNetwork('linear:2-3-2+bias');
    expect(net.nodes.filter((n) => n.kind === 'hidden').every((n) => n.activation === 'identity')).toBe(true);
    expect(net.paramNames.slice(-5)).toEqual(['b(h1_0)', 'b(h1_1)', 'b(h1_2)', 'b(y0)', 'b(y1)']);
  });

  it('connects every layer to every later layer in dense presets', () => {
    const net = parseNetwork('dense:2-3-3-1');
    // Closed form: 2*3 + (2+3)*3 + (2+3+3)*1 = 29 edges, skips of length up to 3.
    expect(net.edges.length).toBe(29);
    expect(edgeList('dense:1-1-1-1')).toEqual([
      'x0→h1_0',
      'x0→h2_0',
      'h1_0→h2_0',
      'x0→y0',
      'h1_0→y0',
      'h2_0→y0',
    ]);
  });

  it('builds residual blocks: ReLU layer then identity stream with a skip edge per stream neuron', () => {
    expect(edgeList('resblock:2:1')).toEqual([
      'x0→r1_0',
      'x1→r1_0',
      'x0→r1_1',
      'x1→r1_1',
      'x0→y0',
      'r1_0→y0',
      'r1_1→y0',
      'x1→y1',
      'r1_0→y1',
      'r1_1→y1',
    ]);
    const net = parseNetwork('resblock:3:2+hbias');
    expect(net.hidden.map((v) => net.nodes[v]!.id)).toEqual([
      'r1_0',
      'r1_1',
      'r1_2',
      's1_0',
      's1_1',
      's1_2',
      'r2_0',
      'r2_1',
      'r2_2',
    ]);
    expect(net.nodes[net.nodeIndex.get('s1_0')!]!.activation).toBe('identity');
    // Per block: W*W + W*(W+1) edges, plus W hidden biases for each hidden layer: 2*(9+12) + 9.
    expect(net.D).toBe(51);
  });

  it('pools consecutive windows in maxpool presets, with no parameters on pooled edges', () => {
    const net = parseNetwork('maxpool:2-4-2-1:2+bias');
    expect(edgeList('maxpool:1-4-2-1:2')).toEqual([
      'x0→h1_0',
      'x0→h1_1',
      'x0→h1_2',
      'x0→h1_3',
      'h1_0→p2_0',
      'h1_1→p2_0',
      'h1_2→p2_1',
      'h1_3→p2_1',
      'p2_0→y0',
      'p2_1→y0',
    ]);
    expect(net.nodes[net.nodeIndex.get('p2_1')!]).toEqual({
      id: 'p2_1',
      kind: 'hidden',
      activation: 'maxpool',
      k: 2,
      bias: false,
    });
    // 8 + 2 weights, biases on the 4 ReLU neurons and the output.
    expect(net.D).toBe(15);
  });

  it('is canonical: networkSpec(createNetwork(presetSpec(p))) equals presetSpec(p)', () => {
    for (const p of [
      'relu:2-3-2',
      'linear:2-3-2+bias',
      'relu:3-2-2-1+hbias',
      'dense:2-3-3-1+bias',
      'resblock:2:3',
      'maxpool:2-4-2-1:2+hbias',
      'relu:1-1',
    ]) {
      const spec = presetSpec(p);
      expect(networkSpec(createNetwork(spec)), p).toEqual(spec);
    }
  });

  it('refuses presets above MAX_PRESET_EDGES with a BudgetError (option maxEdges) instead of exhausting memory', () => {
    expect(() => presetSpec('relu:2-30000-30000-1')).toThrow(
      /^building the network "relu:2-30000-30000-1" needs 900090000 edges \(edges = 900090000\), above the budget of 2000000 edges \(maxEdges\)$/,
    );
    expect(() => presetSpec('relu:2-30000-30000-1')).toThrow(
      expect.objectContaining({
        name: 'BudgetError',
        option: 'maxEdges',
        value: 900090000,
        limit: MAX_PRESET_EDGES,
      }),
    );
    expect(() => presetSpec('resblock:1000:3')).toThrow(RangeError);
    expect(presetSpec('relu:1000-1000-1').edges.length).toBe(1001000);
  });

  it('options.maxEdges lowers the limit, counted before expanding (relu:1000-1000-1000: 2·10⁶ edges)', () => {
    expect(() => presetSpec('relu:1000-1000-1000', { maxEdges: 5000 })).toThrow(
      expect.objectContaining({ name: 'BudgetError', option: 'maxEdges', value: 2_000_000, limit: 5000 }),
    );
    // conv presets are counted by their own formula: conv1d:4:1-2:2:1 has 3 positions × 2 channels
    // × 2 kernel taps = 12 convolution edges and 2 × 3 readout edges
    expect(() => presetSpec('conv1d:4:1-2:2:1', { maxEdges: 17 })).toThrow(
      expect.objectContaining({ name: 'BudgetError', value: 18, limit: 17 }),
    );
    expect(presetSpec('conv1d:4:1-2:2:1', { maxEdges: 18 }).edges).toHaveLength(18);
    expect(presetSpec('relu:2-3-2', { maxEdges: 12 }).edges).toHaveLength(12);
    expect(() => presetSpec('relu:2-3-2', { maxEdges: 0 })).toThrow(
      /options.maxEdges must be a positive integer, got 0/,
    );
  });

  it('says what is wrong with a suffix, not that a width is bad', () => {
    expect(() => presetSpec('relu:2-3-2+bias+hbias')).toThrow(
      /at most one of \+bias and \+hbias may be given, got "\+bias\+hbias"/,
    );
    expect(() => presetSpec('relu:2-3-2+hbias+bias')).toThrow(/at most one of \+bias and \+hbias/);
    expect(() => presetSpec('relu:2-3-2+biases')).toThrow(
      /unknown suffix "\+biases" \(expected \+bias or \+hbias at the end\)/,
    );
    expect(() => presetSpec('relu:2+bias-3-2')).toThrow(/unknown suffix "\+bias-3-2"/);
  });

  it('rejects unknown presets and lists the valid forms', () => {
    for (const bad of [
      'relu',
      'relu:2',
      'relu:2-0-1',
      'conv:2-2',
      'resblock:2',
      'maxpool:2-3-2-1',
      'maxpool:2-4-2-1:3',
      'relu:2-a-1',
      '',
    ]) {
      let caught: unknown;
      try {
        presetSpec(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught, bad).toBeInstanceOf(NetworkError);
      expect((caught as NetworkError).code).toBe('unknown-preset');
      expect((caught as NetworkError).message).toMatch(
        /valid forms:[\s\S]*relu:W0-W1[\s\S]*resblock:W:B[\s\S]*\+hbias/,
      );
    }
  });
});
