import type { ButcherTableau } from '../tableaux.js';
import { maxStepsStop, nonFiniteStepStop, type StopReason, tooSmallStop } from './runStatus.js';

// Step-size control: the proposal of a trial step, the acceptance rule and the PI controller,
// each rule one function; StepSizeController keeps one trajectory's state between them.

/** The settings that the step-size control reads (a subset of {@link StepSettings}). */
export interface StepControlSettings {
  /** Fixed step, or null for adaptive. */
  readonly step: number | null;
  /** Relative tolerance. */
  readonly rtol: number;
  /** Absolute tolerance. */
  readonly atol: number;
  /** Largest step. */
  readonly maxStep: number;
  /** Safety factor in (0, 1). */
  readonly safety: number;
  /** Smallest step-size ratio h_new/h. */
  readonly minFactor: number;
  /** Largest step-size ratio h_new/h. */
  readonly maxFactor: number;
  /** PI controller parameter β. */
  readonly beta: number;
  /** Maximum number of trial steps (accepted + rejected). */
  readonly maxSteps: number;
  /** Fixed first step, or null for the initial step selection. */
  readonly initialStep: number | null;
}

/** A proposed trial step: its length and whether it lands on the target time. */
export interface StepProposal {
  /** Length of the trial step. */
  readonly hStep: number;
  /** Whether the trial step lands on the target time. */
  readonly landing: boolean;
}

/**
 * The exponent of the error in the PI step-size factor: 1/(q + 1) − 0.75 β, q the embedded order
 * (at least 1) of the method (Hairer, Nørsett & Wanner, Solving ODEs I, §IV.2).
 *
 * @param embeddedOrder - order q of the embedded error estimate
 * @param beta - the PI parameter β
 * @returns the exponent
 * @example
 * controllerExponent(4, 0.04); // 0.17 (DOPRI5: 1/5 − 0.03)
 * @see MATH.md §6
 */
export function controllerExponent(embeddedOrder: number, beta: number): number {
  return 1 / (Math.max(embeddedOrder, 1) + 1) - 0.75 * beta;
}

/**
 * The acceptance rule: a trial step is accepted iff its scaled error is at most 1 (NaN and
 * Infinity, the error of a non-finite trial, reject).
 *
 * @param err - the scaled error norm of the trial step
 * @returns true iff the step is accepted
 * @example
 * acceptsError(0.9); // true
 * acceptsError(Number.NaN); // false
 * @see MATH.md §6
 */
export function acceptsError(err: number): boolean {
  return err <= 1;
}

/**
 * The next step after a rejected trial: hStep / min(1/minFactor, err^exponent / safety), so the
 * step shrinks, by at most the factor minFactor (exactly that for an infinite error).
 *
 * @param hStep - the rejected step
 * @param err - its scaled error (> 1, or Infinity for a non-finite trial)
 * @param exponent - from {@link controllerExponent}
 * @param s - the step-control settings
 * @returns the next step
 * @example
 * stepAfterRejection(1, Number.POSITIVE_INFINITY, 0.17, settings); // 0.2 = minFactor (default settings)
 * @see MATH.md §6
 */
export function stepAfterRejection(
  hStep: number,
  err: number,
  exponent: number,
  s: StepControlSettings,
): number {
  const fac11 = Number.isFinite(err) ? err ** exponent : Number.POSITIVE_INFINITY;
  return hStep / Math.min(1 / s.minFactor, fac11 / s.safety);
}

/**
 * The next step after an accepted trial: the PI update hStep / fac with
 * fac = err^exponent / errOld^β / safety clamped to [1/maxFactor, 1/minFactor], and no growth
 * right after a rejection.
 *
 * @param hStep - the accepted step
 * @param err - its scaled error (≤ 1)
 * @param errOld - the error memory ({@link errorMemory} of the previous accepted step; 1e-4 at start)
 * @param exponent - from {@link controllerExponent}
 * @param afterRejection - whether the previous trial was rejected
 * @param s - the step-control settings
 * @returns the next step
 * @example
 * stepAfterAcceptance(0.1, 1e-6, 1e-4, 0.17, false, settings); // 1 = 0.1 · maxFactor (default settings)
 * @see MATH.md §6
 */
export function stepAfterAcceptance(
  hStep: number,
  err: number,
  errOld: number,
  exponent: number,
  afterRejection: boolean,
  s: StepControlSettings,
): number {
  let fac = err ** exponent / errOld ** s.beta;
  fac = Math.max(1 / s.maxFactor, Math.min(1 / s.minFactor, fac / s.safety));
  const hNew = hStep / fac;
  return afterRejection ? Math.min(hNew, hStep) : hNew;
}

/** The error memory of the PI controller before the first accepted step. */
export const INITIAL_ERROR_MEMORY = 1e-4;

/**
 * The error memory the PI controller keeps after an accepted step: max(err, 1e-4).
 *
 * @param err - the accepted step's scaled error
 * @returns the value of errOld for the next step
 * @example
 * errorMemory(1e-9); // 1e-4
 * @see MATH.md §6
 */
export function errorMemory(err: number): number {
  return Math.max(err, INITIAL_ERROR_MEMORY);
}

/**
 * The proposal of an adaptive trial step from t towards `target`: min(h, maxStep), stretched to
 * land on the target when it is within 1 % more.
 *
 * @param t - current time
 * @param h - the controller's step
 * @param target - the end time
 * @param maxStep - the largest step
 * @returns the trial step and whether it lands
 * @example
 * proposeAdaptiveStep(0.995, 0.1, 1, Number.POSITIVE_INFINITY); // { hStep: 0.005…, landing: true }
 * @see MATH.md §6
 */
export function proposeAdaptiveStep(t: number, h: number, target: number, maxStep: number): StepProposal {
  const hStep = Math.min(h, maxStep);
  const landing = t + 1.01 * hStep >= target;
  return { hStep: landing ? target - t : hStep, landing };
}

/**
 * The proposal of a fixed trial step from t towards the next output time: h, shortened to land on
 * the target when it would pass it or stop within 1e-9 h of it.
 *
 * @param t - current time
 * @param h - the fixed step
 * @param target - the next output time
 * @returns the trial step and whether it lands
 * @example
 * proposeFixedStep(0, 0.3, 0.5).landing; // false
 * @see MATH.md §6
 */
export function proposeFixedStep(t: number, h: number, target: number): StepProposal {
  const landing = t + h >= target || target - (t + h) <= 1e-9 * h;
  return { hStep: landing ? target - t : h, landing };
}

/**
 * Units in the last place of t below which an adaptive step is too small: the rule of
 * {@link belowTimeResolution}, in float64 here and in float32 on the GPU kernels.
 *
 * @example
 * TIME_RESOLUTION_ULPS * Number.EPSILON; // 3.552713678800501e-15: the smallest step at |t| = 1
 * @see MATH.md §6
 */
export const TIME_RESOLUTION_ULPS = 16;

/**
 * Whether an adaptive step has fallen below the resolution of t (16 ulps of max(|t|, |target|)):
 * the run must stop (with {@link tooSmallStop}'s status and message).
 *
 * The float32 GPU kernels apply this rule with the float32 ulp instead, h ≤ 16·ε₃₂·|scale|
 * (`float32TimeResolution` of the float32 backend helpers), where `scale` is what time is stored as
 * on the device, not t itself: in `@idyn/integrators-gpu` the member's float32 offset τ from its
 * last output time (t = base + τ, the base kept as a float32 head and tail, so the resolution
 * follows |τ|, not |t|); in `@idyn/integrators-webgpu` 2^31 integer ticks over [t0, tEnd] (so the
 * scale is max(|t0|, |tEnd|) for the whole run, named in its message). That is the one deliberate
 * deviation of the GPU paths from the CPU's step-control rules; it is a property of float32 time,
 * not another rule.
 *
 * @param hStep - the trial step
 * @param t - current time
 * @param target - the end time
 * @returns true iff the step is too small
 * @example
 * belowTimeResolution(1e-20, 1, 2); // true
 * @see MATH.md §6
 */
export function belowTimeResolution(hStep: number, t: number, target: number): boolean {
  return hStep <= TIME_RESOLUTION_ULPS * Number.EPSILON * Math.max(Math.abs(t), Math.abs(target));
}

/**
 * Step-size state of one trajectory: the proposed step, whether it lands on the target time, and
 * the PI controller (Hairer, Nørsett & Wanner, Solving ODEs I, §IV.2; Gustafsson's β) that judges
 * each trial step from its scaled error estimate. Each rule is one of the functions above
 * ({@link proposeAdaptiveStep}, {@link proposeFixedStep}, {@link belowTimeResolution},
 * {@link acceptsError}, {@link stepAfterRejection}, {@link stepAfterAcceptance}, {@link errorMemory});
 * the class only keeps the state between them.
 *
 * @example
 * const ctl = new StepSizeController(settings, DOPRI5, h, tEnd);
 * if (ctl.propose(t, tEnd)) {
 *   // … take the trial step of length ctl.hStep, estimate err …
 *   if (ctl.judge(err, true)) t += ctl.hStep;
 * }
 * @see MATH.md §6
 */
export class StepSizeController {
  /** Step for the next proposal (adaptive: the controller's choice; fixed: the fixed step). */
  h: number;
  /** Length of the current trial step. */
  hStep: number;
  /** Whether the current trial step lands on the target time. */
  landing = false;
  /** Whether the last rejection was for non-finite values (not for the error). */
  lastNonFinite = false;
  /** Whether the step size is adaptive (settings.step is null). */
  readonly adaptive: boolean;
  /** Why the last {@link StepSizeController.propose} returned false (null before). */
  stop: StopReason | null = null;
  /** Trial steps proposed so far (accepted + rejected). */
  steps = 0;
  private readonly s: StepControlSettings;
  private readonly errExp: number;
  private errOld = INITIAL_ERROR_MEMORY;
  private lastRejected = false;

  private readonly tEnd: number;

  /**
   * @param s - the step-control settings
   * @param tableau - the method (its embedded order sets the controller's exponent)
   * @param h - the first step
   * @param tEnd - the end time of the run (for messages)
   */
  constructor(s: StepControlSettings, tableau: ButcherTableau, h: number, tEnd: number) {
    this.s = s;
    this.tEnd = tEnd;
    this.adaptive = s.step === null;
    this.errExp = controllerExponent(tableau.embeddedOrder, s.beta);
    this.h = h;
    this.hStep = h;
  }

  /**
   * Proposes the next trial step from t towards `target` (tEnd when adaptive, the next output time
   * when fixed) and sets {@link StepSizeController.hStep} and {@link StepSizeController.landing}.
   *
   * Counts the trial step.
   *
   * @param t - current time
   * @param target - time to land on
   * @returns false when the run must stop ({@link StepSizeController.stop} says why): maxSteps
   *   trial steps were taken, or an adaptive step has fallen below the resolution of t
   * @example
   * ctl.propose(0, 1); // true
   */
  propose(t: number, target: number): boolean {
    const s = this.s;
    if (this.steps >= s.maxSteps) {
      this.stop = maxStepsStop(s.maxSteps, t, this.tEnd);
      return false;
    }
    const p = this.adaptive
      ? proposeAdaptiveStep(t, this.h, target, s.maxStep)
      : proposeFixedStep(t, this.h, target);
    this.hStep = p.hStep;
    this.landing = p.landing;
    if (this.adaptive && belowTimeResolution(p.hStep, t, target)) {
      this.stop = tooSmallStop(p.hStep, t, this.lastNonFinite);
      return false;
    }
    this.steps++;
    return true;
  }

  /**
   * Judges an adaptive trial step with scaled error `err` (Infinity when it was not finite) and
   * chooses the next step: rejected when err > 1 (shrink, at most by 1/minFactor), else accepted
   * (PI update clamped to [1/maxFactor, 1/minFactor], no growth right after a rejection).
   *
   * @param err - the scaled error norm of the trial step
   * @param finiteTrial - whether the trial step was finite
   * @returns true iff the step is accepted
   * @example
   * ctl.judge(0.5, true); // true
   */
  judge(err: number, finiteTrial: boolean): boolean {
    if (!acceptsError(err)) {
      this.lastNonFinite = !finiteTrial;
      this.h = stepAfterRejection(this.hStep, err, this.errExp, this.s);
      this.lastRejected = true;
      return false;
    }
    this.lastNonFinite = false;
    this.h = stepAfterAcceptance(this.hStep, err, this.errOld, this.errExp, this.lastRejected, this.s);
    this.errOld = errorMemory(err);
    this.lastRejected = false;
    return true;
  }
}

/** The verdict on one trial step, see {@link judgeTrial}. */
export type TrialVerdict = 'accepted' | 'rejected' | StopReason;

/**
 * The acceptance rule of one trial step, adaptive or fixed: an adaptive step is judged by the
 * controller on its scaled error (Infinity when the trial is not finite, so it shrinks); a fixed
 * step is accepted when finite, and stops the run otherwise ({@link nonFiniteStepStop}).
 *
 * @param ctl - the trajectory's controller (its current trial step)
 * @param finiteTrial - whether the trial step is finite
 * @param errorNorm - the scaled error norm of the trial step, called only for a finite adaptive trial
 * @param t - start of the step (for the message)
 * @returns `'accepted'`, `'rejected'` (adaptive: retry with the shrunk step) or why the run stops
 * @example
 * const verdict = judgeTrial(ctl, w.complete(y, ctl.hStep), () => w.errorNorm(y, ctl.hStep, atol, rtol), t);
 * @see MATH.md §6
 */
export function judgeTrial(
  ctl: StepSizeController,
  finiteTrial: boolean,
  errorNorm: () => number,
  t: number,
): TrialVerdict {
  if (ctl.adaptive) {
    const err = finiteTrial ? errorNorm() : Number.POSITIVE_INFINITY;
    return ctl.judge(err, finiteTrial) ? 'accepted' : 'rejected';
  }
  return finiteTrial ? 'accepted' : nonFiniteStepStop(t, ctl.hStep);
}
