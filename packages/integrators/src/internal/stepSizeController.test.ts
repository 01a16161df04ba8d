import { describe, expect, it } from 'vitest';
import { resolveStepSettings } from '../backend.js';
import { DOPRI5, RK4 } from '../tableaux.js';
import { FLOAT64_TOLERANCES } from './settings.js';
import {
  acceptsError,
  belowTimeResolution,
  controllerExponent,
  errorMemory,
  judgeTrial,
  proposeAdaptiveStep,
  proposeFixedStep,
  StepSizeController,
  stepAfterAcceptance,
  stepAfterRejection,
} from './stepSizeController.js';

const adaptive = resolveStepSettings('test', { tEnd: 1 }, FLOAT64_TOLERANCES);
const fixed = resolveStepSettings('test', { tEnd: 1, method: 'rk4', step: 0.3 }, FLOAT64_TOLERANCES);

describe('step-size control rules (Hairer, Nørsett & Wanner I §II.4, §IV.2)', () => {
  it('controllerExponent is 1/(q + 1) − 0.75 β (DOPRI5: q = 4, β = 0.04 gives 0.17)', () => {
    expect(controllerExponent(DOPRI5.embeddedOrder, 0.04)).toBeAllClose(0.2 - 0.03, { rtol: 1e-15 });
    expect(controllerExponent(0, 0)).toBe(0.5); // order clamped to 1
  });

  it('acceptsError accepts err <= 1 and rejects larger, NaN and Infinity', () => {
    expect([1, 0, 0.999].map(acceptsError)).toEqual([true, true, true]);
    expect([1 + 1e-15, Number.NaN, Number.POSITIVE_INFINITY].map(acceptsError)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('stepAfterRejection shrinks by err^exp / safety, never by more than minFactor', () => {
    const e = controllerExponent(4, adaptive.beta);
    // err = 2: h / (2^e / 0.9) (hand formula of §II.4)
    expect(stepAfterRejection(1, 2, e, adaptive)).toBeAllClose(0.9 / 2 ** e, { rtol: 1e-15 });
    expect(stepAfterRejection(1, 1e30, e, adaptive)).toBe(adaptive.minFactor);
    expect(stepAfterRejection(1, Number.POSITIVE_INFINITY, e, adaptive)).toBe(adaptive.minFactor);
  });

  it('stepAfterAcceptance is the PI update clamped to [1/maxFactor, 1/minFactor], no growth after a rejection', () => {
    const e = controllerExponent(4, adaptive.beta);
    const err = 0.5;
    const expected = 0.1 / (err ** e / 1e-4 ** adaptive.beta / adaptive.safety);
    expect(stepAfterAcceptance(0.1, err, 1e-4, e, false, adaptive)).toBeAllClose(expected, { rtol: 1e-15 });
    expect(stepAfterAcceptance(0.1, 1e-12, 1e-4, e, false, adaptive)).toBeAllClose(0.1 * adaptive.maxFactor, {
      rtol: 1e-15,
    });
    expect(stepAfterAcceptance(0.1, 1e-12, 1e-4, e, true, adaptive)).toBe(0.1);
    expect(errorMemory(1e-9)).toBe(1e-4);
    expect(errorMemory(0.3)).toBe(0.3);
  });

  it('proposals land on the target when within 1 % (adaptive) or 1e-9 h (fixed), else keep the step', () => {
    expect(proposeAdaptiveStep(0, 0.1, 1, Number.POSITIVE_INFINITY)).toEqual({ hStep: 0.1, landing: false });
    expect(proposeAdaptiveStep(0, 0.1, 1, 0.05)).toEqual({ hStep: 0.05, landing: false });
    const near = proposeAdaptiveStep(0.9, 0.0995, 1, Number.POSITIVE_INFINITY);
    expect(near.landing).toBe(true);
    expect(near.hStep).toBe(1 - 0.9);
    expect(proposeFixedStep(0, 0.3, 0.5)).toEqual({ hStep: 0.3, landing: false });
    expect(proposeFixedStep(0.3, 0.3, 0.5)).toEqual({ hStep: 0.5 - 0.3, landing: true });
    expect(proposeFixedStep(0, 0.3, 0.3 + 1e-11).landing).toBe(true);
    expect(belowTimeResolution(16 * Number.EPSILON, 1, 0.5)).toBe(true);
    expect(belowTimeResolution(17 * Number.EPSILON, 1, 0.5)).toBe(false);
  });

  it('StepSizeController follows the rules: judge = acceptsError + stepAfter*, propose stops at maxSteps', () => {
    const ctl = new StepSizeController({ ...adaptive, maxSteps: 2 }, DOPRI5, 0.1, 1);
    const e = controllerExponent(4, adaptive.beta);
    expect(ctl.propose(0, 1)).toBe(true);
    expect(ctl.judge(4, true)).toBe(false);
    expect(ctl.h).toBe(stepAfterRejection(0.1, 4, e, adaptive));
    expect(ctl.propose(0, 1)).toBe(true);
    const h = ctl.hStep;
    expect(ctl.judge(0.5, true)).toBe(true);
    expect(ctl.h).toBe(stepAfterAcceptance(h, 0.5, 1e-4, e, true, adaptive));
    expect(ctl.propose(h, 1)).toBe(false);
    expect(ctl.stop).toEqual({
      status: 'max-steps',
      message: `max-steps: 2 steps taken, stopped at t = ${h} before t = 1`,
    });
  });

  it('judgeTrial: adaptive trials are judged on their error (Infinity when not finite); a non-finite fixed step stops', () => {
    const a = new StepSizeController(adaptive, DOPRI5, 0.1, 1);
    a.propose(0, 1);
    let called = 0;
    expect(judgeTrial(a, false, () => called++, 0)).toBe('rejected');
    expect(called).toBe(0);
    expect(a.lastNonFinite).toBe(true);
    a.propose(0, 1);
    expect(judgeTrial(a, true, () => 0.5, 0)).toBe('accepted');
    const f = new StepSizeController(fixed, RK4, 0.3, 1);
    f.propose(0, 0.3);
    expect(judgeTrial(f, true, () => Number.NaN, 0)).toBe('accepted');
    expect(judgeTrial(f, false, () => 0, 0)).toEqual({
      status: 'non-finite',
      message: 'non-finite: the step from t = 0 with h = 0.3 produced non-finite values',
    });
  });
});
