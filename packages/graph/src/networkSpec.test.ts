import fc from 'fast-check';
import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { createNetwork } from './createNetwork.js';
import { networkSpec } from './networkSpec.js';
import { NetworkError } from './NetworkError.js';
import { parseNetwork } from './parseNetwork.js';
import { randomDag } from './randomDag.js';
import { serializeNetwork } from './serializeNetwork.js';

describe('JSON round trip', () => {
  it('parse(serialize(net, theta)) gives the same spec and bit-identical theta on random DAGs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const rng = createRng(seed);
        const net = randomDag(rng, {
          maxpoolProbability: 0.2,
          identityProbability: 0.2,
          biasProbability: 0.4,
        });
        const theta = rng.normals(net.D).map((t) => t * 10 ** rng.integer(-20, 20));
        const text = serializeNetwork(net, { theta });
        const back = parseNetwork(text);
        expect(back.theta).toEqual(theta);
        expect(networkSpec(back)).toEqual(networkSpec(net, theta));
        expect(serializeNetwork(back)).toBe(text);
        expect(back.paramNames).toEqual(net.paramNames);
      }),
      { numRuns: 40 },
    );
  });

  it('omits theta when neither given nor carried', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(networkSpec(net)).toEqual({
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
    expect(serializeNetwork(parseNetwork('linear:1-1'), { indent: 0 })).toBe(
      '{"nodes":[{"id":"x0","kind":"input"},{"id":"y0","kind":"output"}],"edges":[{"from":"x0","to":"y0"}]}',
    );
  });

  it('parseNetwork reads presets, JSON text and spec objects, and reports bad JSON', () => {
    const text =
      '{"nodes":[{"id":"x","kind":"input"},{"id":"y","kind":"output"}],"edges":[{"from":"x","to":"y"}],"theta":[2]}';
    expect(parseNetwork(text).theta).toEqual(Float64Array.from([2]));
    expect(parseNetwork(JSON.parse(text)).D).toBe(1);
    expect(() => parseNetwork('{"nodes": [')).toThrow(NetworkError);
    expect(() => parseNetwork('{"nodes": [')).toThrow(/parseNetwork: input is not valid JSON/);
    expect(() => parseNetwork(42 as unknown as string)).toThrow(TypeError);
  });

  it('networkSpec validates the theta it is given', () => {
    const net = createNetwork({
      nodes: [
        { id: 'x', kind: 'input' },
        { id: 'y', kind: 'output' },
      ],
      edges: [{ from: 'x', to: 'y' }],
    });
    expect(() => networkSpec(net, [1, 2])).toThrow(/networkSpec: theta has length 2, expected D = 1/);
  });
});
