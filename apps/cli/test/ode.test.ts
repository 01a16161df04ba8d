import { describe, expect, it } from 'vitest';
import { expectUsageError, run, runJson } from './helpers.js';

describe('idyn ode', () => {
  it('constant lambda: Simpson quadrature equals the log-mean metric to 1e-10 and C(s) = lambda I (MATH.md §4.5, §5: ~2e-10)', async () => {
    const doc = await runJson(['ode', '--steps', '400', '--L', '25,50,100']);
    expect(doc.quadratureError as number).toBeLessThan(1e-10);
    expect(doc.lawResidual as number).toBeLessThan(1e-12);
    const resnet = doc.resnet as { error: number[]; slope: number };
    // O(1/L): halving per doubling of L (MATH.md §4.5), slope -1.
    expect(resnet.slope).toBeAllClose(-1, { atol: 0.05 });
    expect(resnet.error[0]! / resnet.error[1]!).toBeAllClose(2, { rtol: 0.1 });
  });

  it("lambda(s) = 2 sin 3s ('sin')", async () => {
    const doc = await runJson(['ode', '--lambda', 'sin', '--steps', '400', '--L', '25,50']);
    expect(doc.quadratureError as number).toBeLessThan(1e-8);
    expect(doc.lawResidual as number).toBeLessThan(1e-12);
  });

  it('prints the convergence table', async () => {
    const r = await run(['ode', '--steps', '200', '--L', '25,50']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^25\s+\d\.\d\de-2$/m);
    expect(r.stdout).toMatch(/fitted log-log slope/);
  });

  it('odd steps and a bad lambda are usage errors', async () => {
    expectUsageError(await run(['ode', '--steps', '401']), /--steps must be even/);
    expectUsageError(await run(['ode', '--lambda', 'cos']), /--lambda must be a number, got 'cos'/);
  });
});
