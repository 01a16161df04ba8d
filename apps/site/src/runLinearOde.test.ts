import { describe, expect, it } from 'vitest';
import { RESNET_DEPTHS, runLinearOde } from './runLinearOde.js';
import { DEFAULT_STATE } from './state.js';

describe('Linear & ODE page over the linear and ode studies', () => {
  it('default state: K(z)[G] equals M(θ)[G] (MATH.md §4.4) and the ResNet error falls like 1/L (§4.5)', async () => {
    const out = await runLinearOde(DEFAULT_STATE);
    expect(out.intrinsicError).toBeLessThan(1e-12);
    expect(out.exact).toHaveLength(DEFAULT_STATE.width);
    expect(out.lambdas[0]).toBeCloseTo(DEFAULT_STATE.odeLambda, 12);
    expect(out.resnetL).toEqual(RESNET_DEPTHS);
    // Doubling L halves the error: the ratio of consecutive errors is close to 2.
    for (let i = 1; i < out.resnetError.length; i++)
      expect(out.resnetError[i - 1]! / out.resnetError[i]!).toBeCloseTo(2, 0);
    expect(out.logMeanError).toBeLessThan(1e-9);
  });
});
