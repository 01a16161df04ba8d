import { scaledRms } from './norms.js';
import type { StepControlSettings } from './stepSizeController.js';

// The first step: preset, or the initial step selection of Hairer, Nørsett & Wanner (Solving
// ODEs I, §II.4), split in two around the one evaluation of f that it needs.

/**
 * The first step when it needs no probe: the fixed step, or the user's `initialStep`; null when
 * the adaptive initial step selection must run ({@link initialStepProbe}).
 *
 * @param s - the step-control settings
 * @returns the first step, or null
 * @example
 * presetFirstStep({ ...settings, step: 0.1 }); // 0.1
 * @see MATH.md §6
 */
export function presetFirstStep(s: StepControlSettings): number | null {
  if (s.step !== null) return s.step;
  return s.initialStep;
}

/**
 * First half of the initial step selection of Hairer, Nørsett & Wanner (Solving ODEs I, §II.4):
 * the trial step h0 from ‖y0‖ and ‖f(t0, y0)‖, with the explicit Euler point y0 + h0 f0 written to
 * `yProbe`. Evaluate f at (t0 + h0, yProbe) and finish with {@link initialStepFromProbe}.
 *
 * @param y - the initial state
 * @param f0 - f(t0, y0)
 * @param s - the step-control settings
 * @param span - distance to the end time
 * @param yProbe - output: y0 + h0 f0
 * @param n - dimension
 * @returns h0
 * @example
 * const probe = new Float64Array(1);
 * initialStepProbe(Float64Array.of(1), Float64Array.of(-1), settings, 10, probe, 1); // 0.01
 * @see MATH.md §6
 */
export function initialStepProbe(
  y: Float64Array,
  f0: Float64Array,
  s: StepControlSettings,
  span: number,
  yProbe: Float64Array,
  n: number,
): number {
  const d0 = scaledRms(y, y, s.atol, s.rtol, n);
  const d1 = scaledRms(f0, y, s.atol, s.rtol, n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h0 = Math.min(h0, s.maxStep, span);
  for (let i = 0; i < n; i++) yProbe[i] = y[i]! + h0 * f0[i]!;
  return h0;
}

/**
 * Second half of the initial step selection (see {@link initialStepProbe}): the first step from
 * the estimate of the second derivative (f(t0 + h0, y0 + h0 f0) − f0) / h0.
 *
 * @param h0 - the trial step of {@link initialStepProbe}
 * @param y - the initial state
 * @param f0 - f(t0, y0)
 * @param f1 - f(t0 + h0, y0 + h0 f0)
 * @param s - the step-control settings
 * @param order - the method's order p
 * @param scratch - a work vector of length ≥ n (overwritten)
 * @param n - dimension
 * @returns the first step h
 * @example
 * const h = initialStepFromProbe(h0, y0, f0, f1, settings, 5, new Float64Array(n), n);
 * @see MATH.md §6
 */
export function initialStepFromProbe(
  h0: number,
  y: Float64Array,
  f0: Float64Array,
  f1: Float64Array,
  s: StepControlSettings,
  order: number,
  scratch: Float64Array,
  n: number,
): number {
  const d1 = scaledRms(f0, y, s.atol, s.rtol, n);
  for (let i = 0; i < n; i++) scratch[i] = f1[i]! - f0[i]!;
  const d2 = scaledRms(scratch, y, s.atol, s.rtol, n) / h0;
  const m = Math.max(d1, d2);
  const h1 = !(m > 1e-15) ? Math.max(1e-6, h0 * 1e-3) : (0.01 / m) ** (1 / (order + 1));
  const h = Math.min(100 * h0, h1, s.maxStep);
  return !Number.isFinite(h) || h <= 0 ? h0 : h;
}
