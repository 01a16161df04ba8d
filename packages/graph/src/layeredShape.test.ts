import { describe, expect, it } from 'vitest';
import { createNetwork } from './createNetwork.js';
import { layeredShape } from './layeredShape.js';
import { parseNetwork } from './parseNetwork.js';

describe('layeredShape', () => {
  it('every relu:/linear: preset, with and without biases, is recognised as itself', () => {
    for (const preset of [
      'relu:4-8-6-3+bias',
      'relu:2-3-1',
      'relu:3-5-5-5-2+hbias',
      'linear:2-3-2',
      'linear:3-4-4-3+bias',
    ]) {
      const s = layeredShape(parseNetwork(preset));
      expect(s, preset).toMatchObject({ layered: true, preset });
    }
    // without a hidden layer there is no activation: relu:5-1 is the linear map linear:5-1
    expect(layeredShape(parseNetwork('relu:5-1'))).toMatchObject({ layered: true, preset: 'linear:5-1' });
    expect(layeredShape(parseNetwork('relu:4-8-6-3+bias'))).toEqual({
      layered: true,
      widths: [4, 8, 6, 3],
      activation: 'relu',
      bias: 'all',
      preset: 'relu:4-8-6-3+bias',
    });
  });

  it('a hand-written spec with its nodes and edges in another order is the same layered net', () => {
    // relu:2-2-1+bias written out backwards
    const net = createNetwork({
      nodes: [
        { id: 'y', kind: 'output', bias: true },
        { id: 'b', kind: 'hidden', activation: 'relu', bias: true },
        { id: 'x2', kind: 'input' },
        { id: 'a', kind: 'hidden', activation: 'relu', bias: true },
        { id: 'x1', kind: 'input' },
      ],
      edges: [
        { from: 'b', to: 'y' },
        { from: 'x2', to: 'b' },
        { from: 'x1', to: 'a' },
        { from: 'a', to: 'y' },
        { from: 'x2', to: 'a' },
        { from: 'x1', to: 'b' },
      ],
    });
    expect(layeredShape(net)).toMatchObject({ layered: true, preset: 'relu:2-2-1+bias' });
  });

  it('skips, missing edges, sharing, max-pool, mixed biases are refused with the reason', () => {
    const reason = (net: Parameters<typeof layeredShape>[0]) => {
      const s = layeredShape(net);
      return s.layered ? null : s.reason;
    };
    expect(reason(parseNetwork('dense:2-3-1'))).toBe('an edge skips a layer');
    expect(reason(parseNetwork('resblock:2:1'))).not.toBeNull();
    expect(reason(parseNetwork('maxpool:2-4-2-1'))).toMatch(/fixed-weight edges/);
    expect(reason(parseNetwork('conv1d:6:1-2:3:1'))).toMatch(/shares parameters/);
    const sparse = createNetwork({
      nodes: [
        { id: 'x1', kind: 'input' },
        { id: 'x2', kind: 'input' },
        { id: 'h', kind: 'hidden', activation: 'relu' },
        { id: 'y', kind: 'output' },
      ],
      edges: [
        { from: 'x1', to: 'h' },
        { from: 'h', to: 'y' },
        { from: 'x2', to: 'y' },
      ],
    });
    expect(reason(sparse)).toBe('an edge skips a layer');
    const partial = createNetwork({
      nodes: [
        { id: 'x1', kind: 'input' },
        { id: 'x2', kind: 'input' },
        { id: 'h1', kind: 'hidden', activation: 'relu' },
        { id: 'h2', kind: 'hidden', activation: 'relu', bias: true },
        { id: 'y', kind: 'output' },
      ],
      edges: [
        { from: 'x1', to: 'h1' },
        { from: 'x2', to: 'h1' },
        { from: 'x1', to: 'h2' },
        { from: 'h1', to: 'y' },
        { from: 'h2', to: 'y' },
      ],
    });
    expect(reason(partial)).toBe('two consecutive layers are not completely connected');
    const mixedBias = createNetwork({
      nodes: [
        { id: 'x', kind: 'input' },
        { id: 'h1', kind: 'hidden', activation: 'relu', bias: true },
        { id: 'h2', kind: 'hidden', activation: 'relu' },
        { id: 'y', kind: 'output' },
      ],
      edges: [
        { from: 'x', to: 'h1' },
        { from: 'x', to: 'h2' },
        { from: 'h1', to: 'y' },
        { from: 'h2', to: 'y' },
      ],
    });
    expect(reason(mixedBias)).toBe('only some of its neurons have biases');
  });
});
