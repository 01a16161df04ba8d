import { createRng } from '@idyn/linalg';
import { describe, expect, it } from 'vitest';
import { flowStudy } from './flowStudy.js';

/** f(z) = ½‖z − Y‖² + (0.1/4) Σ z⁴ (MATH.md §5), written out. */
function synthetic(z: readonly number[], Y: ArrayLike<number>): number {
  return z.reduce((s, v, p) => s + 0.5 * (v - Y[p]!) ** 2 + 0.025 * v ** 4, 0);
}

describe('flow study', () => {
  it('ReLU path-lifting: θ-flow and z-flow agree to 1e-9, the laws drift < 1e-10 (MATH.md §3, §4.2)', async () => {
    const r = await flowStudy.run({ net: 'relu:2-3-2', init: 'gaussian:1', times: 6 });
    expect(r.maxDeviation).toBeLessThan(1e-9);
    expect(r.lawDrift).toBeLessThan(1e-10);
    expect(r.pass).toBe(true);
    // The per-time drift is the maximum of the per-law drifts.
    r.lawDriftPerTime.forEach((v, k) => {
      expect(v).toBe(Math.max(...r.lawDriftPerLaw!.map((row) => row[k]!)));
    });
    expect(r.lawLabels).toEqual(['h(h1_0)', 'h(h1_1)', 'h(h1_2)']);
  });
  it('the losses along both flows are the synthetic loss of MATH.md §5 at z (Y = createRng(seed).normals(d))', async () => {
    const r = await flowStudy.run({ net: 'relu:2-2-1', init: 'gaussian:3', loss: 'synthetic:4', times: 4 });
    const Y = createRng(4).normals(r.d);
    r.zTheta.forEach((z, k) => {
      expect(r.lossTheta[k]).toBeCloseTo(synthetic(z, Y), 12);
      expect(r.lossIntrinsic![k]).toBeCloseTo(synthetic(r.zIntrinsic[k]!, Y), 12);
    });
    // A gradient flow does not increase its loss.
    for (let k = 1; k < r.lossTheta.length; k++)
      expect(r.lossTheta[k]!).toBeLessThanOrEqual(r.lossTheta[k - 1]!);
  });
  it('mean squared error on a linear network: the loss is 1/(2S) Σ‖z x_s − y_s‖² at the flow z (z = U2 U1)', async () => {
    const data = 'x0,x1,y0,y1\n1,0,1,2\n0,1,-1,0.5\n1,1,0,1';
    const r = await flowStudy.run({
      net: 'linear:2-2-2',
      init: 'relaxed:0.3:1',
      loss: 'mse',
      data,
      times: 3,
    });
    const X = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const Y = [
      [1, 2],
      [-1, 0.5],
      [0, 1],
    ];
    r.zTheta.forEach((z, k) => {
      // z row-major 2 × 2 (outputs × inputs).
      let f = 0;
      X.forEach((x, s) => {
        for (let i = 0; i < 2; i++) f += (z[2 * i]! * x[0]! + z[2 * i + 1]! * x[1]! - Y[s]![i]!) ** 2;
      });
      expect(r.lossTheta[k]).toBeCloseTo(f / 6, 12);
    });
    expect(r.loss).toEqual({ kind: 'mse', data: 'input' });
    expect(r.maxDeviation).toBeLessThan(1e-8);
  });
  it('refuses polynomials, data without mse, and mse without data, naming the fields', async () => {
    await expect(flowStudy.run({ net: 'poly:x*y' })).rejects.toThrow('the flow study needs a network');
    await expect(flowStudy.run({ net: 'relu:2-3-1', data: '1,2,3' })).rejects.toThrow('data needs loss mse');
    await expect(flowStudy.run({ net: 'relu:2-3-1', loss: 'mse' })).rejects.toThrow('loss mse needs data');
    await expect(flowStudy.run({ net: 'relu:2-3-1', loss: 'hinge' })).rejects.toThrow(
      "loss must be synthetic:SEED or mse (with data), got 'hinge'",
    );
  });
});
