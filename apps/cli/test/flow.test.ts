import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, run, runJson } from './helpers.js';

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
