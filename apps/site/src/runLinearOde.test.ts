import { describe, expect, it } from 'vitest';
import { RESNET_DEPTHS, runLinearOde } from './runLinearOde.js';
import { DEFAULT_STATE } from './state.js';

describe('Linear & ODE page over the linear and ode studies', () => {
  it('default state: K(z)[G] equals M(θ)[G] (MATH.md §4.4), the flows agree, and the ResNet error falls like 1/L (§4.5)', async () => {
    const out = await runLinearOde(DEFAULT_STATE);
    expect(out.intrinsicError).toBeLessThan(1e-12);
    expect(out.exact).toHaveLength(DEFAULT_STATE.width);
    expect(out.lambdas[0]).toBeCloseTo(DEFAULT_STATE.odeLambda, 12);
    expect(out.flow).not.toBeNull();
    expect(out.flow!.noIntrinsicFlow).toBeNull();
    expect(out.flow!.maxDeviation).toBeLessThan(1e-8);
    expect(out.resnetL).toEqual(RESNET_DEPTHS);
    // Doubling L halves the error: the ratio of consecutive errors is close to 2.
    for (let i = 1; i < out.resnetError.length; i++)
      expect(out.resnetError[i - 1]! / out.resnetError[i]!).toBeCloseTo(2, 0);
    expect(out.logMeanError).toBeLessThan(1e-9);
  });

  it('a generic Gaussian init is the negative control: no intrinsic flow, said plainly, the θ-flow still ran', async () => {
    const out = await runLinearOde({ ...DEFAULT_STATE, linInit: 'gaussian' });
    expect(out.relaxedBalanced).toBe(false);
    expect(out.flow).not.toBeNull();
    expect(out.flow!.noIntrinsicFlow).not.toBeNull();
    expect(out.flow!.status.theta).toBe('success');
    expect(out.flow!.lawDrift).toBeLessThan(1e-8);
    // the formula's z-flow, run anyway, departs from φ(θ(t)) by O(0.1) (MATH.md §5 negative control)
    if (out.flow!.compared) expect(out.flow!.maxDeviation).toBeGreaterThan(1e-2);
  });
});
