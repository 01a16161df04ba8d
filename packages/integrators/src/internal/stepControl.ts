import type { ButcherTableau } from '../tableaux.js';
import { type Terms, combine, scaledErrorNorm, termsOf } from './combine.js';

/**
 * Whether every entry of `x` is finite.
 *
 * @param x - the vector
 * @returns true iff no entry is NaN or ±Infinity
 * @example
 * allFinite(Float64Array.of(1, 2)); // true
 * allFinite(Float64Array.of(1, Number.NaN)); // false
 * @see MATH.md §6
 */
export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

/**
 * The largest absolute entry max_i |x_i| (0 for an empty vector); a NaN entry makes the result
 * NaN, so a NaN state never passes a divergence bound unnoticed as a small one.
 *
 * @param x - the vector
 * @returns max_i |x_i|, or NaN if an entry is NaN
 * @example
 * maxAbs(Float64Array.of(1, -3, 2)); // 3
 * @see MATH.md §6
 */
export function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/**
 * Root of a continuous function on [0, 1] with g(0) and g(1) of opposite signs (or g(1) = 0), by
 * the Illinois variant of regula falsi; returns θ with the sign change in [θ − tol, θ].
 * The returned point is on the far side (g(θ) has the sign of g(1) or is 0), so a located event
 * has really happened at the reported time.
 *
 * @param g - the function of the step fraction θ
 * @param g0 - g(0)
 * @param g1 - g(1)
 * @param tol - width of the final bracket in θ
 * @returns the far end θ of the final bracket
 * @example
 * illinois((th) => th - 0.25, -0.25, 0.75, 1e-12); // ≈ 0.25
 * @see MATH.md §6
 */
export function illinois(g: (theta: number) => number, g0: number, g1: number, tol: number): number {
  let a = 0;
  let b = 1;
  let ga = g0;
  let gb = g1;
  let side = 0;
  for (let iter = 0; iter < 200 && b - a > tol; iter++) {
    let c = (a * gb - b * ga) / (gb - ga);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    const gc = g(c);
    if (gc === 0 || Math.sign(gc) === Math.sign(gb)) {
      b = c;
      gb = gc;
      if (side === 1) ga /= 2;
      side = 1;
    } else {
      a = c;
      ga = gc;
      if (side === -1) gb /= 2;
      side = -1;
    }
    if (gb === 0 && b - a <= tol) break;
  }
  return b;
}

/**
 * Tolerance in the step fraction θ for locating a crossing inside the step [t, tNew] of length h:
 * a few ulps of θ, or of t, whichever is coarser.
 *
 * @param t - start of the step
 * @param tNew - end of the step
 * @param h - step length
 * @returns the tolerance to pass to {@link illinois}
 * @example
 * locateTolerance(0, 1, 1); // 4 * Number.EPSILON
 * @see MATH.md §6
 */
export function locateTolerance(t: number, tNew: number, h: number): number {
  return Math.max(4 * Number.EPSILON, (4 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(tNew))) / h);
}

/**
 * Root-mean-square of v_i / (atol + rtol |ref_i|) over the first n entries: the scaled norm of the
 * step-size control (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4).
 *
 * @param v - the vector to measure
 * @param ref - the state that sets the scale
 * @param atol - absolute tolerance
 * @param rtol - relative tolerance
 * @param n - dimension
 * @returns the scaled RMS norm
 * @example
 * scaledRms(Float64Array.of(2), Float64Array.of(1), 1, 1, 1); // 1
 * @see MATH.md §6
 */
export function scaledRms(v: Float64Array, ref: Float64Array, atol: number, rtol: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(ref[i]!);
    const q = v[i]! / sc;
    sum += q * q;
  }
  return Math.sqrt(sum / n);
}

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

/** Why a run stopped before its end time. */
export interface StopReason {
  /** The run's status. */
  readonly status: 'max-steps' | 'non-finite' | 'step-too-small';
  /** A message naming the time and the cause. */
  readonly message: string;
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

/**
 * Step-size state of one trajectory: the proposed step, whether it lands on the target time, and
 * the PI controller (Hairer, Nørsett & Wanner, Solving ODEs I, §IV.2; Gustafsson's β) that judges
 * each trial step from its scaled error estimate.
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
  private errOld = 1e-4;
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
    this.errExp = 1 / (Math.max(tableau.embeddedOrder, 1) + 1) - 0.75 * s.beta;
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
      this.stop = {
        status: 'max-steps',
        message: `max-steps: ${s.maxSteps} steps taken, stopped at t = ${t} before t = ${this.tEnd}`,
      };
      return false;
    }
    let hStep: number;
    if (this.adaptive) {
      hStep = Math.min(this.h, s.maxStep);
      this.landing = t + 1.01 * hStep >= target;
      if (this.landing) hStep = target - t;
      this.hStep = hStep;
      if (hStep <= 16 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(target))) {
        this.stop = this.tooSmall(t);
        return false;
      }
    } else {
      hStep = this.h;
      this.landing = t + hStep >= target || target - (t + hStep) <= 1e-9 * this.h;
      if (this.landing) hStep = target - t;
      this.hStep = hStep;
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
    const s = this.s;
    const hStep = this.hStep;
    if (!(err <= 1)) {
      this.lastNonFinite = !finiteTrial;
      const fac11 = Number.isFinite(err) ? err ** this.errExp : Number.POSITIVE_INFINITY;
      this.h = hStep / Math.min(1 / s.minFactor, fac11 / s.safety);
      this.lastRejected = true;
      return false;
    }
    this.lastNonFinite = false;
    let fac = err ** this.errExp / this.errOld ** s.beta;
    fac = Math.max(1 / s.maxFactor, Math.min(1 / s.minFactor, fac / s.safety));
    let hNew = hStep / fac;
    if (this.lastRejected) hNew = Math.min(hNew, hStep);
    this.errOld = Math.max(err, 1e-4);
    this.lastRejected = false;
    this.h = hNew;
    return true;
  }

  private tooSmall(t: number): StopReason {
    return this.lastNonFinite
      ? {
          status: 'non-finite',
          message: `non-finite: every trial step from t = ${t} produced non-finite values (step shrank to ${this.hStep})`,
        }
      : {
          status: 'step-too-small',
          message: `step-too-small: step ${this.hStep} at t = ${t} is below the resolution of t`,
        };
  }
}

/**
 * Dense output of one Runge–Kutta step [t, t + h] at the fraction θ: the tableau's continuous
 * extension y + h Σ_s b_s(θ) k_s when it has one, else cubic Hermite interpolation between
 * (y, k_0) and (yNew, fNew). θ = 1 returns yNew exactly.
 *
 * @param tableau - the method
 * @param th - the fraction θ in [0, 1]
 * @param h - the step length
 * @param y - state at the start of the step
 * @param k - the stage derivatives (k[0] = f at the start)
 * @param yNew - state at the end of the step
 * @param fNew - f at the end of the step
 * @param out - output: the interpolated state
 * @param n - dimension
 * @example
 * denseOutput(DOPRI5, 0.5, h, y, k, yNew, fNew, out, n); // out ≈ y(t + h/2)
 * @see MATH.md §6
 */
export function denseOutput(
  tableau: ButcherTableau,
  th: number,
  h: number,
  y: Float64Array,
  k: readonly Float64Array[],
  yNew: Float64Array,
  fNew: Float64Array,
  out: Float64Array,
  n: number,
): void {
  if (th === 1) {
    out.set(yNew);
    return;
  }
  const dense = tableau.dense;
  if (dense !== null) {
    for (let i = 0; i < n; i++) out[i] = y[i]!;
    for (let st = 0; st < tableau.stages; st++) {
      const poly = dense[st] as readonly number[];
      let w = 0;
      for (let j = poly.length - 1; j >= 0; j--) w = (w + poly[j]!) * th;
      if (w === 0) continue;
      const kw = k[st] as Float64Array;
      const hw = h * w;
      for (let i = 0; i < n; i++) out[i] = out[i]! + hw * kw[i]!;
    }
    return;
  }
  const k0 = k[0] as Float64Array;
  const th2 = th * th;
  const th3 = th2 * th;
  const h00 = 2 * th3 - 3 * th2 + 1;
  const h10 = (th3 - 2 * th2 + th) * h;
  const h01 = -2 * th3 + 3 * th2;
  const h11 = (th3 - th2) * h;
  for (let i = 0; i < n; i++) {
    out[i] = h00 * y[i]! + h10 * k0[i]! + h01 * yNew[i]! + h11 * fNew[i]!;
  }
}

/**
 * Completes a trial Runge–Kutta step from the stages: yNew = y + h Σ_s b_s k_s, or for an FSAL
 * method the last stage point itself (yStage) with fNew = k_last.
 *
 * @param tableau - the method
 * @param bTerms - the weights b, from `termsOf(tableau.b)`
 * @param h - the step length
 * @param y - state at the start of the step
 * @param k - the stage derivatives
 * @param yStage - the last stage point
 * @param yNew - output: the new state
 * @param fNew - output for FSAL methods: f at the new state
 * @param n - dimension
 * @returns whether the trial is finite (yNew, and fNew for FSAL methods)
 * @example
 * const finite = completeStep(DOPRI5, termsOf(DOPRI5.b), h, y, k, yStage, yNew, fNew, n);
 * @see MATH.md §6
 */
export function completeStep(
  tableau: ButcherTableau,
  bTerms: Terms,
  h: number,
  y: Float64Array,
  k: readonly Float64Array[],
  yStage: Float64Array,
  yNew: Float64Array,
  fNew: Float64Array,
  n: number,
): boolean {
  if (tableau.fsal) {
    // The last stage was evaluated at y_1 itself.
    yNew.set(yStage);
    fNew.set(k[tableau.stages - 1] as Float64Array);
    return allFinite(yNew) && allFinite(fNew);
  }
  combine(yNew, y, h, bTerms, k, n);
  return allFinite(yNew);
}

/**
 * The first fraction θ in (0, 1] of a step where max_i |y_i(θ)| reaches `maxNorm` on the dense
 * output, given that it is exceeded at the end of the step (Illinois root finding).
 *
 * @param interpolate - dense output of the step: writes y(θ) to its second argument
 * @param y - state at the start of the step
 * @param yNew - state at the end of the step
 * @param maxNorm - the divergence bound
 * @param tol - tolerance in θ, from {@link locateTolerance}
 * @param scratch - a work vector for interpolated states
 * @returns θ, with the crossing really reached at θ
 * @example
 * const theta = maxNormCrossing((th, out) => denseOutput(DOPRI5, th, h, y, k, yNew, fNew, out, n), y, yNew, 10, tol, scratch);
 * @see MATH.md §6
 */
export function maxNormCrossing(
  interpolate: (th: number, out: Float64Array) => void,
  y: Float64Array,
  yNew: Float64Array,
  maxNorm: number,
  tol: number,
  scratch: Float64Array,
): number {
  const g = (th: number): number => {
    interpolate(th, scratch);
    return maxAbs(scratch) - maxNorm;
  };
  return illinois(g, maxAbs(y) - maxNorm, maxAbs(yNew) - maxNorm, tol);
}

/**
 * Writes the outputs of one step [t, tNew] that fall in (t, tStop] (tStop ≤ tNew), from index
 * `from` of `times` on: yNew exactly at tNew, the dense output elsewhere.
 *
 * @param times - the output times
 * @param from - first output index not yet written
 * @param tStop - last time of the step that counts (the end, or where the run stops inside it)
 * @param t - start of the step
 * @param tNew - end of the step
 * @param h - step length
 * @param yNew - state at the end of the step
 * @param interpolate - dense output of the step: writes y(θ) to its second argument
 * @param scratch - a work vector for interpolated states
 * @param record - receives each output time and state (the state is a view; copy it)
 * @returns the first output index not written
 * @example
 * oi = recordOutputs(times, oi, tNew, t, tNew, h, yNew, interp, scratch, (tt, yy) => rows.push(yy.slice()));
 * @see MATH.md §6
 */
export function recordOutputs(
  times: Float64Array,
  from: number,
  tStop: number,
  t: number,
  tNew: number,
  h: number,
  yNew: Float64Array,
  interpolate: (th: number, out: Float64Array) => void,
  scratch: Float64Array,
  record: (t: number, y: Float64Array) => void,
): number {
  let i = from;
  for (; i < times.length && times[i]! <= tStop; i++) {
    const to = times[i]!;
    if (to === tNew) record(to, yNew);
    else {
      interpolate((to - t) / h, scratch);
      record(to, scratch);
    }
  }
  return i;
}

/**
 * The work vectors and tableau terms of one explicit Runge–Kutta trajectory of dimension n:
 * stage derivatives `k` (k[0] = f at the start of the step), the stage point, the trial state and
 * f there, and scratch space; with the stage, completion, error and dense-output operations on them.
 *
 * @example
 * const w = new RkWorkspace(DOPRI5, n);
 * f(t, y, w.k[0]);
 * for (let st = 1; st < DOPRI5.stages; st++) f(t + DOPRI5.c[st] * h, w.stage(st, y, h), w.k[st]);
 * const finite = w.complete(y, h);
 * const err = w.errorNorm(y, h, atol, rtol); // ≤ 1 accepts the step
 * @see MATH.md §6
 */
export class RkWorkspace {
  /** The method. */
  readonly tableau: ButcherTableau;
  /** Dimension. */
  readonly n: number;
  /** Stage derivatives k_0 … k_{s−1}. */
  readonly k: readonly Float64Array[];
  /** f at the trial state. */
  readonly fNew: Float64Array;
  /** The current stage point. */
  readonly yStage: Float64Array;
  /** The trial state at the end of the step. */
  readonly yNew: Float64Array;
  /** Scratch for interpolated states. */
  readonly yInterp: Float64Array;
  private readonly errScratch: Float64Array;
  private readonly aTerms: readonly Terms[];
  private readonly bTerms: Terms;
  private readonly eTerms: Terms | null;

  /**
   * @param tableau - the method
   * @param n - dimension
   */
  constructor(tableau: ButcherTableau, n: number) {
    this.tableau = tableau;
    this.n = n;
    this.k = Array.from({ length: tableau.stages }, () => new Float64Array(n));
    this.fNew = new Float64Array(n);
    this.yStage = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.yInterp = new Float64Array(n);
    this.errScratch = new Float64Array(n);
    this.aTerms = tableau.a.map(termsOf);
    this.bTerms = termsOf(tableau.b);
    this.eTerms = tableau.e === null ? null : termsOf(tableau.e);
  }

  /**
   * The point of stage `st` ≥ 1: yStage = y + h Σ_j a_{st,j} k_j.
   *
   * @param st - the stage index
   * @param y - state at the start of the step
   * @param h - the step length
   * @returns yStage (evaluate f there into k[st])
   * @example
   * f(t + DOPRI5.c[1] * h, w.stage(1, y, h), w.k[1]);
   */
  stage(st: number, y: Float64Array, h: number): Float64Array {
    combine(this.yStage, y, h, this.aTerms[st] as Terms, this.k, this.n);
    return this.yStage;
  }

  /**
   * Completes the trial step into yNew (and fNew for FSAL methods), see {@link completeStep}.
   *
   * @param y - state at the start of the step
   * @param h - the step length
   * @returns whether the trial is finite
   * @example
   * w.complete(y, h); // true
   */
  complete(y: Float64Array, h: number): boolean {
    return completeStep(this.tableau, this.bTerms, h, y, this.k, this.yStage, this.yNew, this.fNew, this.n);
  }

  /**
   * The scaled norm of the embedded error estimate of the trial step (see {@link scaledErrorNorm});
   * needs a method with an embedded pair.
   *
   * @param y - state at the start of the step
   * @param h - the step length
   * @param atol - absolute tolerance
   * @param rtol - relative tolerance
   * @returns the error norm (≤ 1 accepts the step)
   * @example
   * w.errorNorm(y, h, 1e-10, 1e-8); // e.g. 0.3
   */
  errorNorm(y: Float64Array, h: number, atol: number, rtol: number): number {
    return scaledErrorNorm(
      h,
      this.eTerms as Terms,
      this.k,
      y,
      this.yNew,
      atol,
      rtol,
      this.n,
      this.errScratch,
    );
  }

  /**
   * Dense output of the step [t, t + h] from y at the fraction θ, see {@link denseOutput}.
   *
   * @param th - the fraction θ in [0, 1]
   * @param h - the step length
   * @param y - state at the start of the step
   * @param out - output: the interpolated state
   * @example
   * w.interpolate(0.5, h, y, out);
   */
  interpolate(th: number, h: number, y: Float64Array, out: Float64Array): void {
    denseOutput(this.tableau, th, h, y, this.k, this.yNew, this.fNew, out, this.n);
  }
}
