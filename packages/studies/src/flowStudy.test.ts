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

describe('flow study: shared networks, attention, discrete steps (MATH.md §7)', () => {
  const data = '1,2,3,4,5,6,1\n0,1,0,1,0,1,-1\n2,1,0,-1,-2,-3,0.5\n-1,0.5,1,0,2,1,0\n';

  it('a shared convolution has no intrinsic flow (said plainly): the θ-flow runs, its channel laws drift < 1e-9 relative', async () => {
    const r = await flowStudy.run({ net: 'conv1d:6:1-2:3:1:linear+bias', init: 'gaussian:1', times: 5 });
    expect(r.noIntrinsicFlow).toMatch(
      /^no intrinsic z-flow: pathIntrinsicModel: the network shares parameters/,
    );
    expect(r.status).toEqual({ theta: 'success', intrinsic: 'not-run' });
    expect([r.maxDeviation, r.deviationBeforeCrossing, r.zIntrinsic]).toEqual([null, null, []]);
    expect(r.lawLabels).toEqual(['h(h1_0_0, … 4 neurons)', 'h(h1_1_0, … 4 neurons)']);
    // lawTolerance = tol · max(1, max|h(θ0)|) with tol 1e-6: the drift is 1e-9 relative.
    expect(r.lawDrift).toBeLessThan(r.lawTolerance! * 1e-3);
    expect(r.pass).toBe(true);
    // Paths: 2 channels × 4 positions × 3 offsets from the input, 8 hidden biases, 1 output bias.
    expect(r.d).toBe(24 + 8 + 1);
    expect(r.zTheta[0]).toHaveLength(r.d);
    expect(r.lossTheta[r.lossTheta.length - 1]!).toBeLessThan(r.lossTheta[0]!);
  });

  it('attention:3:2:2:3 under the synthetic loss: the 6 Gram differences are conserved along the θ-flow', async () => {
    const r = await flowStudy.run({ net: 'attention:3:2:2:3', init: 'gaussian:1:0.5', times: 5 });
    expect(r.lifting).toBe('attention');
    expect(r.lawLabels).toEqual([
      '(Q^T Q - K^T K)[0,0]',
      '(Q^T Q - K^T K)[0,1]',
      '(Q^T Q - K^T K)[1,1]',
      '(O^T O - V^T V)[0,0]',
      '(O^T O - V^T V)[0,1]',
      '(O^T O - V^T V)[1,1]',
    ]);
    expect(r.lawDrift).toBeLessThan(1e-9);
    const Y = createRng(0).normals(r.d);
    r.zTheta.forEach((z, k) => {
      expect(r.lossTheta[k]).toBeCloseTo(synthetic(z, Y), 12);
    });
  });

  it('gradient descent on relu:2-2-1: step 1 changes h_v by η²(‖g_in(v)‖² − ‖g_out(v)‖²), the gradient by central differences', async () => {
    const eta = 0.1;
    const theta = [0.5, -0.3, 0.7, 0.4, 1.2, -0.7];
    const d1 = '0.5,1,0.3\n-1,2,0.1\n1,1,-0.2\n';
    const r = await flowStudy.run({
      net: 'relu:2-2-1',
      theta,
      loss: 'mse',
      data: d1,
      method: 'gd',
      eta,
      T: 0.1,
    });
    const L = async (t: number[]) =>
      (await flowStudy.run({ net: 'relu:2-2-1', theta: t, loss: 'mse', data: d1, method: 'gd', eta, T: 0.1 }))
        .lossTheta[0]!;
    const h = 1e-6;
    const g = await Promise.all(
      theta.map(async (_, j) => {
        const shift = (s: number) => theta.map((t, i) => (i === j ? t + s * h : t));
        return ((await L(shift(1))) - (await L(shift(-1)))) / (2 * h);
      }),
    );
    // relu:2-2-1: θ = (W1 row-major: x→h1_0, x→h1_1), then W2 = (h1_0→y0, h1_1→y0).
    const predicted = [0, 1].map((v) => eta ** 2 * (g[2 * v]! ** 2 + g[2 * v + 1]! ** 2 - g[4 + v]! ** 2));
    const measured = r.lawDriftPerLaw!.map((row) => row[1]!);
    expect(measured).toBeAllClose(predicted.map(Math.abs), { rtol: 1e-6, atol: 1e-12 });
    expect(r.discrete).toMatchObject({ method: 'gd', eta, steps: 1, identityTol: 1e-12 });
    expect(r.discrete!.maxIdentityResidual).toBeLessThan(1e-12);
  });

  it('the identity Δh = η² gᵀAg holds to 1e-12 on ReLU, conv (SGD) and attention nets, nontrivially (drift > 0)', async () => {
    for (const input of [
      { net: 'relu:2-3-3-2+bias', init: 'gaussian:2' },
      { net: 'conv1d:6:1-2-2:2:1+hbias', init: 'gaussian:1', loss: 'mse', data, batchSize: 2, seed: 3 },
      {
        net: 'conv2d:4x4:1-2:2x2:1',
        init: 'gaussian:4',
        loss: 'mse',
        data: '1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,1\n',
      },
      { net: 'attention:3:2:2:3', init: 'gaussian:1:0.5' },
    ]) {
      const r = await flowStudy.run({ ...input, method: 'gd', eta: 0.05 });
      expect(r.discrete!.maxIdentityResidual, input.net).toBeLessThan(1e-12);
      expect(r.discrete!.finalDrift, input.net).toBeGreaterThan(1e-6);
      expect(r.pass).toBe(true);
    }
  });

  it('an η sweep at fixed T fits drift ∝ η: log-log slope 1 ± 0.1 (MATH.md §7)', async () => {
    const r = await flowStudy.run({
      net: 'attention:3:2:2:3',
      init: 'gaussian:1:0.5',
      method: 'gd',
      eta: [0.1, 0.05, 0.025, 0.0125],
      T: 1,
    });
    expect(r.sweep!.steps).toEqual([10, 20, 40, 80]);
    expect(Math.abs(r.sweep!.slope - 1)).toBeLessThan(0.1);
    expect(r.sweep!.r2).toBeGreaterThan(0.99);
    expect(r.discrete!.eta).toBe(0.1);
  });

  it('bad discrete-step inputs name their fields', async () => {
    await expect(flowStudy.run({ net: 'relu:2-2-1', method: 'gd' })).rejects.toThrow(/method gd needs eta/);
    await expect(flowStudy.run({ net: 'relu:2-2-1', eta: 0.1 })).rejects.toThrow(/eta needs method gd/);
    await expect(flowStudy.run({ net: 'relu:2-2-1', method: 'gd', eta: 0.1, times: 3 })).rejects.toThrow(
      /times applies to method dopri5/,
    );
    await expect(flowStudy.run({ net: 'relu:2-2-1', method: 'gd', eta: [0.1, 0.3] })).rejects.toThrow(
      /eta\[1\]: 0.3 does not divide T = 1/,
    );
    await expect(flowStudy.run({ net: 'relu:2-2-1', method: 'gd', eta: 0.1, batchSize: 2 })).rejects.toThrow(
      /batchSize needs a loss over samples: loss mse with data/,
    );
    await expect(flowStudy.run({ net: 'conv2d:28x28:1-8-8:3x3:10' })).rejects.toThrow(
      /loss synthetic is a loss on z = phi\(theta\), but net 'conv2d:28x28:1-8-8:3x3:10' has 29859840 paths/,
    );
  });
});

/** Every number in a JSON value (arrays and objects walked), the size the result-size guard counts. */
function countNumbers(v: unknown): number {
  if (typeof v === 'number') return 1;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countNumbers(x), 0);
  if (v !== null && typeof v === 'object')
    return Object.values(v).reduce((n: number, x) => n + countNumbers(x), 0);
  return 0;
}

describe('flow study: sizes refused before the run (README: budgets)', () => {
  it('gradient descent: 1e8 steps are refused at once by the result they would make (naming eta), a lower budget by memory or work', async () => {
    const t0 = performance.now();
    await expect(flowStudy.run({ net: 'relu:2-3-1', method: 'gd', eta: 1e-7, T: 10 })).rejects.toMatchObject({
      name: 'StudyInputError',
      field: 'eta',
      message: expect.stringMatching(
        /the result would hold about 8\.00e\+8 numbers \(100000000 steps of 8 numbers\)/,
      ),
    });
    // 1e5 steps: 2.4e7 bytes of step records, 100000 × (gradient + 4D + 6 terms) operations
    const small = { net: 'relu:2-3-1', method: 'gd', eta: 1e-5, T: 1 } as const;
    await expect(flowStudy.run({ ...small, maxMemoryBytes: 1e6 })).rejects.toMatchObject({
      name: 'BudgetError',
      option: 'maxMemoryBytes',
      message: expect.stringMatching(/^taking 100000 gradient steps needs about 22\.9 MiB of memory/),
    });
    await expect(flowStudy.run({ ...small, maxWork: 1e6 })).rejects.toMatchObject({
      name: 'BudgetError',
      option: 'maxWork',
      message: expect.stringMatching(/^taking 100000 gradient steps needs about .* operations of work/),
    });
    // an η sweep is sized by all its runs together (the result lists the first run's steps only)
    await expect(flowStudy.run({ net: 'relu:2-3-1', method: 'gd', eta: [0.5, 1e-8], T: 1 })).rejects.toThrow(
      /taking 100000002 gradient steps needs about/,
    );
    expect(performance.now() - t0).toBeLessThan(5000); // refused, not run
  });

  it('the step records of a run are what the result-size guard counts: (K + 1)(m + 5) numbers, within a few', async () => {
    const r = await flowStudy.run({ net: 'relu:2-3-1', method: 'gd', eta: 0.01, T: 1 });
    const K = 100;
    const m = r.lawLabels.length;
    expect(r.discrete!.steps).toBe(K);
    // the rest of the result (θ, summary fields) is a few dozen numbers
    const counted = countNumbers(r);
    expect(counted).toBeGreaterThanOrEqual((K + 1) * (m + 5) - 1);
    expect(counted).toBeLessThan((K + 1) * (m + 5) + 60);
  });

  it('output times whose result would not fit one JSON text are refused naming times, on every kind of flow', async () => {
    const t0 = performance.now();
    await expect(flowStudy.run({ net: 'relu:2-3-1', times: 2_000_000 })).rejects.toMatchObject({
      name: 'StudyInputError',
      field: 'times',
      message: expect.stringMatching(/times '2000000': the result would hold about 4\.60e\+7 numbers/),
    });
    // θ-only flows: a shared convolution (its z enumerated) and attention
    await expect(flowStudy.run({ net: 'conv1d:4:2-3-2:3:0:p1', times: 200_000 })).rejects.toMatchObject({
      field: 'times',
    });
    await expect(flowStudy.run({ net: 'attention:3:2:2:3', times: 2_000_000 })).rejects.toMatchObject({
      field: 'times',
    });
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('a flow result holds about times × (2d + laws + 8) numbers, the count the guard uses', async () => {
    const r = await flowStudy.run({ net: 'relu:2-3-1', times: 30 });
    const counted = countNumbers({ ...r, theta: null });
    const perTime = 2 * r.d + r.lawLabels.length + 8;
    expect(counted).toBeGreaterThan(0.5 * 30 * perTime);
    expect(counted).toBeLessThan(1.5 * 30 * perTime);
  });
});
