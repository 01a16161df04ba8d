import { describe, expect, it } from 'vitest';
import { expectUsageError, run, runJson } from './helpers.js';

describe('idyn linear', () => {
  it.each([
    ['linear:2-3-3', 'relaxed:0.7:1', 0.7],
    ['linear:3-3-2', 'relaxed:-0.5:1', -0.5],
    ['linear:3-3-3', 'relaxed:1.5:1', 1.5],
  ])(
    '%s %s: fitted lambda, K(z)[G] = M(theta)[G] to 1e-12, flows agree to 1e-9 (MATH.md §4.3, §5)',
    async (net, init, lambda) => {
      const doc = await runJson(['linear', net, '--init', init, '--times', '3']);
      expect((doc.lambdas as number[])[0]).toBeAllClose(lambda, { rtol: 1e-12 });
      expect(doc.relaxedBalanced).toBe(true);
      const metric = doc.metric as { error: number };
      expect(metric.error).toBeLessThan(1e-12);
      const flow = doc.flow as { maxDeviation: number; lawDrift: number };
      expect(flow.maxDeviation).toBeLessThan(1e-9);
      expect(flow.lawDrift).toBeLessThan(1e-10);
    },
  );

  it('deep square relaxed balanced (3, 3, [0.5, -0.2]): |M - K| <= 2e-14 (MATH.md §5)', async () => {
    const doc = await runJson([
      'linear',
      'linear:3-3-3-3',
      '--init',
      'relaxed:0.5,-0.2:2',
      '--T',
      '1',
      '--times',
      '3',
    ]);
    expect((doc.metric as { error: number }).error).toBeLessThan(2e-14);
    expect((doc.flow as { maxDeviation: number }).maxDeviation).toBeLessThan(1e-9);
  });

  it('balanced deep network: Arora formula equals M(theta)[G] to 1e-13 (MATH.md §4.4, §5: ~2e-15)', async () => {
    const doc = await runJson([
      'linear',
      'linear:3-3-3-3',
      '--init',
      'relaxed:0:1',
      '--T',
      '0.5',
      '--times',
      '2',
    ]);
    expect((doc.metric as { aroraError: number }).aroraError).toBeLessThan(1e-13);
  });

  it('a generic init is not relaxed balanced and fails with exit 1', async () => {
    const doc = await runJson(['linear', 'linear:3-2-3', '--init', 'gaussian:1', '--times', '3'], 1);
    expect(doc.relaxedBalanced).toBe(false);
    expect((doc.flow as { maxDeviation: number }).maxDeviation).toBeGreaterThan(0.01);
  });

  it('needs a linear preset', async () => {
    expectUsageError(await run(['linear', 'relu:2-2-2']), /needs a linear: preset without biases/);
    expectUsageError(await run(['linear', 'linear:2-3-4-2']), /needs square layers/);
  });
});
