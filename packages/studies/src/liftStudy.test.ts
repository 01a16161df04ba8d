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

describe('lift study: shared weights, attention, ∂ΦᵀG (MATH.md §0, §7)', () => {
  const data = '1,2,3,4,5,6,7,8,0.5\n-1,0,1,2,1,0,2,1,-0.3\n0.2,0.1,-1,1,3,-2,0,1,1.5\n';

  it('conv1d:4:2-2:2:1: ∂ΦᵀG of the MSE equals the enumerated route and central finite differences of the loss', async () => {
    const r = await liftStudy.run({ net: 'conv1d:4:2-2:2:1', init: 'gaussian:1', data });
    const c = r.cotangent!;
    expect([c.samples, r.paths?.total]).toEqual([3, String(1 * 3 * 2 * 2 * 2)]);
    expect(c.enumeratedDifference).toBeLessThan(1e-13);
    // Central differences of L(θ) = 1/(2N) Σ ‖net(x_s) − y_s‖², each L from the study itself.
    const theta = r.theta.values;
    const h = 1e-6;
    const fd = await Promise.all(
      theta.map(async (_, j) => {
        const at = async (s: number) =>
          (
            await liftStudy.run({
              net: 'conv1d:4:2-2:2:1',
              theta: theta.map((t, i) => (i === j ? t + s * h : t)),
              data,
            })
          ).cotangent!.loss;
        return ((await at(1)) - (await at(-1))) / (2 * h);
      }),
    );
    expect(c.values).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-8 });
    expect(c.norm).toBeCloseTo(Math.hypot(...c.values), 12);
  });

  it('a conv net above maxPaths: path count, path-norms and ∂ΦᵀG without enumeration', async () => {
    const X = Array.from({ length: 2 }, (_, s) => Array.from({ length: 64 }, (_, i) => Math.sin(i + s)));
    const r = await liftStudy.run({
      net: 'conv2d:8x8:1-2-2:3x3:1',
      init: 'gaussian:2',
      maxPaths: 10,
      data: { X, Y: [[1], [-1]] },
    });
    // 1 output × 2 channels × 4·4 positions × 9 offsets × 2 channels × 9 offsets.
    expect(r.paths?.total).toBe(String(2 * 16 * 9 * 2 * 9));
    expect([r.phi, r.d, r.cotangent?.enumeratedDifference]).toEqual([null, null, null]);
    expect(r.pathNorms!.l1).toBeGreaterThan(0);
    expect(r.cotangent!.values).toHaveLength(r.D);
  });

  it('attention:2:1:1:2 at θ = 1..8: z = (W_Q W_Kᵀ, W_O W_Vᵀ) by hand; no paths', async () => {
    const r = await liftStudy.run({ net: 'attention:2:1:1:2', theta: [1, 2, 3, 4, 5, 6, 7, 8] });
    // W_Q = [1; 2], W_K = [3; 4], W_V = [5; 6], W_O = [7; 8].
    expect(r.phi!.map((p) => p.value)).toEqual([3, 4, 6, 8, 35, 42, 40, 48]);
    expect([r.lifting, r.paths, r.pathNorms]).toEqual(['attention', null, null]);
    await expect(liftStudy.run({ net: 'attention:2:1:1:2', data })).rejects.toThrow(/data needs a network/);
  });
});
