import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import {
  assertTheta,
  backward,
  createNetwork,
  forward,
  initBalanced,
  initGaussian,
  NetworkError,
  networkSpec,
  parseNetwork,
  presetSpec,
  rescalingLaws,
} from '../src/index.js';
import { randomDag } from '../src/testing.js';

// The @example blocks of the TSDoc and the README, run as written (results stated there).
describe('documented examples hold', () => {
  it('createNetwork', () => {
    const net = createNetwork({
      nodes: [
        { id: 'x0', kind: 'input' },
        { id: 'h', kind: 'hidden', bias: true },
        { id: 'y0', kind: 'output' },
      ],
      edges: [
        { from: 'x0', to: 'h' },
        { from: 'h', to: 'y0' },
      ],
    });
    expect(net.D).toBe(3);
    expect(net.paramNames).toEqual(['w(x0→h)', 'w(h→y0)', 'b(h)']);
    expect(() => createNetwork({ nodes: [], edges: [] })).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(new NetworkError('cycle', 'm')).toBeInstanceOf(RangeError);
  });

  it('presetSpec, parseNetwork, networkSpec', () => {
    expect(presetSpec('relu:1-2-1').edges.map((e) => `${e.from}→${e.to}`)).toEqual([
      'x0→h1_0',
      'x0→h1_1',
      'h1_0→y0',
      'h1_1→y0',
    ]);
    expect(parseNetwork('relu:2-3-2').D).toBe(12);
    expect(parseNetwork('relu:2-3-2+bias').D).toBe(17);
    const net = parseNetwork('relu:2-3-2+bias');
    expect(net.paramNames.slice(0, 2)).toEqual(['w(x0→h1_0)', 'w(x1→h1_0)']);
    expect(net.paramNamesAscii[16]).toBe('b(y1)');
    expect(networkSpec(parseNetwork('relu:1-1-1'))).toEqual({
      nodes: [
        { id: 'x0', kind: 'input' },
        { id: 'h1_0', kind: 'hidden', activation: 'relu' },
        { id: 'y0', kind: 'output' },
      ],
      edges: [
        { from: 'x0', to: 'h1_0' },
        { from: 'h1_0', to: 'y0' },
      ],
    });
  });

  it('assertTheta, forward, backward', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(() => assertTheta('demo', net, [1, 2])).not.toThrow();
    expect(() => assertTheta('demo', net, [1])).toThrow('demo: theta has length 1, expected D = 2');
    expect(forward(net, [2, 3], [1, -1], 2).outputs).toEqual(Float64Array.from([6, 0]));
    expect(backward(net, [2, 3], [1], 1, [1]).gradTheta).toEqual(Float64Array.from([3, 2]));
  });

  it('initGaussian, initBalanced, randomDag', () => {
    const net = parseNetwork('relu:2-3-2');
    expect(initGaussian(net, { seed: 1, scale: 'he' }).length).toBe(12);
    expect(rescalingLaws(net, initBalanced(net, { seed: 3 }))).toBeAllClose([0, 0, 0], { atol: 1e-14 });
    expect(
      randomDag(createRng(1), { layers: 2, skipProbability: 0.5, biasProbability: 0.5 }).hidden.length,
    ).toBeGreaterThan(0);
  });
});
