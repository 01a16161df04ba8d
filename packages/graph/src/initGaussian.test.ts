import { describe, expect, it } from 'vitest';
import { initGaussian } from './initGaussian.js';
import { parseNetwork } from './parseNetwork.js';

function std(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! ** 2;
  return Math.sqrt(s / a.length);
}

describe('initGaussian', () => {
  it('draws He weights with standard deviation sqrt(2 / fan-in)', () => {
    const net = parseNetwork('relu:200-300-2');
    const theta = initGaussian(net, { seed: 1, scale: 'he' });
    // Sample std of 60000 normals: relative error ~ 1/sqrt(2N) ~ 0.003; allow 2%.
    expect(std(theta.subarray(0, 60000))).toBeAllClose(Math.sqrt(2 / 200), { rtol: 0.02 });
    expect(std(theta.subarray(60000))).toBeAllClose(Math.sqrt(2 / 300), { rtol: 0.1 });
  });

  it('draws Glorot weights with standard deviation sqrt(2 / (fan-in + fan-out))', () => {
    const net = parseNetwork('relu:100-400-50');
    const theta = initGaussian(net, { seed: 2, scale: 'glorot' });
    expect(std(theta.subarray(0, 40000))).toBeAllClose(Math.sqrt(2 / (100 + 400)), { rtol: 0.03 });
    expect(std(theta.subarray(40000))).toBeAllClose(Math.sqrt(2 / (400 + 50)), { rtol: 0.03 });
  });

  it('uses a fixed scale and biasScale, zero biases by default, and is reproducible from the seed', () => {
    const net = parseNetwork('relu:50-100-1+bias');
    const a = initGaussian(net, { seed: 3, scale: 0.25 });
    expect(std(a.subarray(0, net.nWeights))).toBeAllClose(0.25, { rtol: 0.05 });
    expect(Array.from(a.subarray(net.nWeights)).every((b) => b === 0)).toBe(true);
    const b = initGaussian(net, { seed: 3, scale: 0.25, biasScale: 2 });
    expect(b.subarray(0, net.nWeights)).toEqual(a.subarray(0, net.nWeights));
    expect(std(b.subarray(net.nWeights))).toBeAllClose(2, { rtol: 0.2 });
    expect(initGaussian(net, { seed: 3, scale: 0.25 })).toEqual(a);
    expect(initGaussian(net, { seed: 4, scale: 0.25 })).not.toEqual(a);
  });

  it('rejects bad options naming them', () => {
    const net = parseNetwork('relu:1-1-1');
    expect(() => initGaussian(net, { seed: -1 })).toThrow(
      /options.seed must be an integer in \[0, 2\^32\), got -1/,
    );
    expect(() => initGaussian(net, { seed: 1, scale: 'xavier' as 'he' })).toThrow(
      /options.scale must be .* got xavier/,
    );
    expect(() => initGaussian(net, { seed: 1, biasScale: Number.NaN })).toThrow(/options.biasScale/);
  });
});
