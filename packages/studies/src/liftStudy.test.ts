import { describe, expect, it } from 'vitest';
import { liftStudy } from './liftStudy.js';

describe('lift study', () => {
  it('relu:2-3-2 has 2·3·2 = 12 paths, and the l1 path-norm by one forward pass equals Σ|z_p| over the enumerated paths', async () => {
    const r = await liftStudy.run({ net: 'relu:2-3-2', init: 'gaussian:1' });
    expect(r.paths).toEqual({ total: '12', fromInputs: '12', fromBiases: '0' });
    const l1 = r.phi!.reduce((s, p) => s + Math.abs(p.value), 0);
    const l2 = r.phi!.reduce((s, p) => s + p.value ** 2, 0);
    expect(r.pathNorms!.l1).toBeCloseTo(l1, 12);
    expect(r.pathNorms!.l2squared).toBeCloseTo(l2, 12);
    expect(r.phi![0]!.label).toBe('x0→h1_0→y0');
  });
  it('above maxPaths the paths are counted exactly (64^7) but not enumerated', async () => {
    const r = await liftStudy.run({ net: 'relu:64-64-64-64-64-64-64', maxPaths: 1000 });
    expect(r.paths!.total).toBe((64n ** 7n).toString());
    expect(r.phi).toBeNull();
    expect(r.d).toBeNull();
  });
  it('z = x1 x2 x3 at θ = (2, 3, 5) is 30', async () => {
    const r = await liftStudy.run({ net: 'poly:x1*x2*x3', theta: [2, 3, 5], thetaLabel: 'file:t.json' });
    expect(r.phi).toEqual([{ label: 'x1*x2*x3', value: 30 }]);
    expect(r.theta.source).toBe('file:t.json');
  });
  it('a θ of the wrong length names theta, its length and D', async () => {
    await expect(liftStudy.run({ net: 'relu:2-3-2', theta: [1, 2, 3] })).rejects.toThrow(
      'theta: theta has length 3, expected D = 12',
    );
  });
  it('a bad init seed names the init and its part', async () => {
    await expect(liftStudy.run({ net: 'relu:2-3-2', init: 'gaussian:x' })).rejects.toThrow(
      "init 'gaussian:x' seed must be a number, got 'x'",
    );
  });
});
