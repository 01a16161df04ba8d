import { describe, expect, it } from 'vitest';
import { checkStudy } from './checkStudy.js';

describe('check study', () => {
  it('generic two-layer linear: kernel inclusion fails with a unit witness v (MATH.md §3, §5: O(1) defect)', async () => {
    const r = await checkStudy.run({ net: 'linear:2-2-2', init: 'gaussian:1' });
    expect(r.kernelInclusion.holds).toBe(false);
    expect(r.kernelInclusion.defect!).toBeGreaterThan(0.1);
    const norm = Math.hypot(...r.kernelInclusion.witness!);
    expect(norm).toBeCloseTo(1, 12);
    expect(r.paramNames[0]).toBe('U1_0_0');
  });
  it('relaxed balanced two-layer linear (λ = 0.8): kernel inclusion holds (MATH.md §4.3)', async () => {
    const r = await checkStudy.run({ net: 'linear:2-2-2', init: 'relaxed:0.8:1' });
    expect(r.kernelInclusion.holds).toBe(true);
  });
  it('without theta or init the study names both', async () => {
    await expect(checkStudy.run({ net: 'relu:2-3-2' })).rejects.toThrow(
      'the check study needs theta or init',
    );
  });
  it('an infeasible λ names the init and the widths', async () => {
    await expect(checkStudy.run({ net: 'linear:2-3-2', init: 'relaxed:0.8' })).rejects.toThrow(
      "init 'relaxed:0.8': infeasible lambda = 0.8 > 0 needs r <= n (hidden width 3, output width 2)",
    );
  });
});
