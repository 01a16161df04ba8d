import { describe, expect, it } from 'vitest';
import { linearStudy } from './linearStudy.js';

describe('linear study', () => {
  it('deep square relaxed balanced (λ = 0.5, −0.2): fitted λ, |M(θ)[G] − K(z)[G]| ≤ 2e-14, metric check only (MATH.md §4.4, §5)', async () => {
    const r = await linearStudy.run({ net: 'linear:3-3-3-3', init: 'relaxed:0.5,-0.2:1', flow: false });
    expect(r.flow).toBeNull();
    expect(r.model).toBeNull();
    expect(r.lambdas[0]).toBeCloseTo(0.5, 12);
    expect(r.lambdas[1]).toBeCloseTo(-0.2, 12);
    expect(r.metric.error!).toBeLessThan(2e-14);
    // Off balance, Arora's formula (the λ = 0 metric) is measurably wrong.
    expect(r.metric.aroraError!).toBeGreaterThan(1e-3);
    expect(r.metric.exact).toHaveLength(3);
  });
  it('balanced (λ = 0): Arora equals M(θ)[G] to 1e-13 (MATH.md §4.4, §5: ~2e-15)', async () => {
    const r = await linearStudy.run({ net: 'linear:3-3-3-3', init: 'relaxed:0:1', flow: false });
    expect(r.metric.aroraError!).toBeLessThan(1e-13);
  });
  it('refuses non-linear nets and non-square deep nets', async () => {
    await expect(linearStudy.run({ net: 'relu:2-2-2' })).rejects.toThrow(
      'the linear study needs a linear: preset without biases',
    );
    await expect(linearStudy.run({ net: 'linear:2-3-4-2' })).rejects.toThrow('needs square layers');
  });
  it('output times whose result would not fit one JSON text are refused naming times, before the flow runs', async () => {
    // 3e6 times of 2·(1·2) + 2 + 8 = 14 numbers: within a raised memory budget, not within one JSON text
    await expect(
      linearStudy.run({ net: 'linear:2-3-1', init: 'gaussian:1', times: 3_000_000, maxMemoryBytes: 1e12 }),
    ).rejects.toMatchObject({
      name: 'StudyInputError',
      field: 'times',
      message: expect.stringMatching(
        /the result would hold about 4\.20e\+7 numbers \(3000000 output times of 14 numbers\)/,
      ),
    });
  });
});
