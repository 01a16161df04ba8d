import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, ONNX_FIXTURES, run, runJson } from './helpers.js';

describe('idyn flow', () => {
  it('ReLU path-lifting: the theta-flow and the intrinsic z-flow agree to 1e-9 and the laws drift < 1e-10 (MATH.md §3, §4.2)', async () => {
    const doc = await runJson(['flow', 'relu:2-3-2', '--init', 'gaussian:1', '--T', '1', '--times', '6']);
    expect(doc.maxDeviation as number).toBeLessThan(1e-9);
    expect(doc.lawDrift as number).toBeLessThan(1e-10);
    expect(doc.status).toEqual({ theta: 'success', intrinsic: 'success' });
    expect(doc.zTheta as number[][]).toHaveLength(6);
    expect((doc.zTheta as number[][])[0]).toHaveLength(12);
    // Both trajectories start at z0 = phi(theta0).
    expect((doc.zIntrinsic as number[][])[0]).toEqual((doc.zTheta as number[][])[0]);
    expect(doc.singularCrossings).toEqual([]);
    expect(doc.deviationBeforeCrossing).toBe(doc.maxDeviation);
    expect(doc.pass).toBe(true);
  });

  it('a crossing of a non-recoverable point is reported and agreement is judged before it (relu:2-3-3-1+bias, gaussian:1)', async () => {
    // The only outgoing weight of h2_1 changes sign near t = 0.245 (found by @idyn/intrinsic's
    // crossing events); there z no longer determines theta, and the deviation jumps from ~1e-11 to
    // ~1e-6 afterwards. The flows must agree to the solver tolerance up to the crossing.
    const doc = await runJson(['flow', 'relu:2-3-3-1+bias', '--init', 'gaussian:1']);
    const crossings = doc.singularCrossings as {
      t: number;
      neuron: string;
      side: string;
      rankDeficiency: number;
    }[];
    expect(crossings).toHaveLength(1);
    expect(crossings[0]).toMatchObject({ neuron: 'h2_1', side: 'outgoing', rankDeficiency: 3 });
    expect(crossings[0]?.t).toBeGreaterThan(0.2);
    expect(crossings[0]?.t).toBeLessThan(0.25);
    expect(doc.deviationBeforeCrossing as number).toBeLessThan(1e-9);
    expect(doc.maxDeviation as number).toBeGreaterThan(1e-8);
    expect(doc.pass).toBe(true);
  });

  it('a JSON spec with a skip connection and its own theta', async () => {
    const doc = await runJson(['flow', 'skip-with-theta.json', '--T', '0.5', '--times', '3']);
    expect(doc.theta).toMatchObject({ source: 'spec' });
    expect(doc.maxDeviation as number).toBeLessThan(1e-9);
  });

  it('mean squared error on CSV and JSON data gives the same flow', async () => {
    const a = await runJson([
      'flow',
      'relu:2-3-1',
      '--init',
      'gaussian:2',
      '--loss',
      'mse',
      '--data',
      'data-2-1.csv',
      '--times',
      '3',
    ]);
    const b = await runJson([
      'flow',
      'relu:2-3-1',
      '--init',
      'gaussian:2',
      '--loss',
      'mse',
      '--data',
      'data-2-1.json',
      '--times',
      '3',
    ]);
    expect(a.zTheta).toEqual(b.zTheta);
    expect(a.maxDeviation as number).toBeLessThan(1e-8);
    // RFC 4180: every cell quoted, CRLF line ends (such rows used to be dropped).
    const c = await runJson([
      'flow',
      'relu:2-3-1',
      '--init',
      'gaussian:2',
      '--loss',
      'mse',
      '--data',
      'data-2-1-quoted.csv',
      '--times',
      '3',
    ]);
    expect(c.zTheta).toEqual(a.zTheta);
  });

  it('two-layer linear relaxed balanced (3,3,2,0.7): deviation at T = 2 below 1e-9 (MATH.md §5: ~1e-12 at tighter settings)', async () => {
    const doc = await runJson([
      'flow',
      'linear:2-3-3',
      '--init',
      'relaxed:0.7:1',
      '--T',
      '2',
      '--times',
      '5',
    ]);
    expect(doc.lifting).toBe('matrix');
    expect(doc.maxDeviation as number).toBeLessThan(1e-9);
  });

  it('a generic two-layer linear init is the negative control: deviation O(0.1), exit 1 (MATH.md §5)', async () => {
    const doc = await runJson(
      ['flow', 'linear:3-2-3', '--init', 'gaussian:1', '--T', '2', '--times', '5'],
      1,
    );
    expect(doc.maxDeviation as number).toBeGreaterThan(0.01);
    expect(doc.pass).toBe(false);
  });

  it('--out writes flow.svg', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idyn-flow-'));
    const r = await run(['flow', 'relu:2-2-1', '--init', 'gaussian:3', '--times', '4', '--out', dir]);
    expect(r.code).toBe(0);
    const svg = join(dir, 'flow.svg');
    expect(existsSync(svg)).toBe(true);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /);
  });

  it('bad data, a missing --data and polynomials are usage errors', async () => {
    expectUsageError(
      await run(['flow', 'relu:2-3-1', '--loss', 'mse', '--data', 'data-bad.csv']),
      /--data 'data-bad\.csv', line 2: column 2 = 'abc' is not a number/,
    );
    expectUsageError(await run(['flow', 'relu:2-3-1', '--loss', 'mse']), /--loss mse needs --data FILE/);
    expectUsageError(
      await run(['flow', 'relu:2-3-1', '--loss', 'hinge']),
      /--loss must be synthetic:SEED or mse/,
    );
    expectUsageError(await run(['flow', 'poly:x*y']), /idyn flow needs a network/);
  });
});

describe('idyn flow on shared networks, attention and discrete steps (MATH.md §7)', () => {
  it('a shared convolution: no intrinsic flow, said plainly; the theta-flow conserves its 2 channel laws (exit 0)', async () => {
    const r = await run(['flow', 'conv1d:6:1-2:3:1:linear+bias', '--init', 'gaussian:1', '--times', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /intrinsic flow +no intrinsic z-flow: pathIntrinsicModel: the network shares parameters/,
    );
    expect(r.stdout).toMatch(/law drift +\d\.\d\de-1[1-3] \(2 laws\)/);
    expect(r.stdout).toMatch(/verdict +pass \(law drift <= /);
    const doc = await runJson(['flow', 'attention:3:2:2:3', '--init', 'gaussian:1:0.5', '--times', '3']);
    expect(doc).toMatchObject({ lifting: 'attention', maxDeviation: null, status: { intrinsic: 'not-run' } });
    expect(doc.lawDrift as number).toBeLessThan(1e-9);
  });

  it('--method gd: the identity residual <= 1e-12 is printed; an eta sweep prints the slope and plots drift against eta', async () => {
    const r = await run(['flow', 'relu:2-3-2', '--init', 'gaussian:1', '--method', 'gd', '--eta', '0.05']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/steps +20 of eta 0\.05 to T = 1, success/);
    expect(r.stdout).toMatch(/identity residual +max \d\.\d\de-1[5-7] relative/);
    const dir = mkdtempSync(join(tmpdir(), 'idyn-flow-gd-'));
    const sweep = await run([
      'flow',
      'attention:3:2:2:3',
      '--init',
      'gaussian:1:0.5',
      '--method',
      'gd',
      '--eta',
      '0.1,0.05,0.025,0.0125',
      '--out',
      dir,
    ]);
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toMatch(/fitted slope of log drift against log eta: (0\.9|1\.0)\d*/);
    expect(readFileSync(join(dir, 'flow.svg'), 'utf8')).toMatch(/law drift against eta/);
    const doc = await runJson(['flow', 'attention:3:2:2:3', '--method', 'gd', '--eta', '0.1,0.05']);
    expect((doc.sweep as { steps: number[] }).steps).toEqual([10, 20]);
  });

  it('SGD on an ONNX conv net (PyTorch fixture) with --data: seeded batches, the identity holds on its 7 channel laws', async () => {
    const doc = await runJson([
      'flow',
      `${ONNX_FIXTURES}conv1d.onnx`,
      '--data',
      'conv1d-data.csv',
      '--method',
      'gd',
      '--eta',
      '0.01',
      '--T',
      '0.05',
      '--batch-size',
      '3',
      '--seed',
      '2',
    ]);
    expect(doc.discrete).toMatchObject({ method: 'sgd', batchSize: 3, seed: 2, laws: 7, steps: 5 });
    expect((doc.discrete as { maxIdentityResidual: number }).maxIdentityResidual).toBeLessThan(1e-12);
    expect(doc.loss).toEqual({ kind: 'mse', data: 'conv1d-data.csv' });
  });

  it('bad --method, --eta without gd and --batch-size without data are usage errors', async () => {
    expectUsageError(await run(['flow', 'relu:2-2-1', '--method', 'euler']), /--method must be dopri5 or gd/);
    expectUsageError(
      await run(['flow', 'relu:2-2-1', '--eta', '0.1']),
      /^idyn flow: --eta needs --method gd$/,
    );
    expectUsageError(
      await run(['flow', 'relu:2-2-1', '--method', 'gd', '--eta', '0.1', '--batch-size', '2']),
      /--batch-size needs a loss over samples: --loss mse with --data/,
    );
    expectUsageError(
      await run(['flow', 'relu:2-2-1', '--method', 'gd', '--eta', '0.1,0.3']),
      /--eta\[1\]: 0\.3 does not divide --T = 1/,
    );
  });
});
