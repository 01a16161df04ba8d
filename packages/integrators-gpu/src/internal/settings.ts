import {
  type BatchIntegrateOptions,
  type ButcherTableau,
  type MethodName,
  TABLEAUX,
} from '@idyn/integrators';
import {
  assertFiniteNumber,
  assertPositiveFinite,
  finiteVector,
  isArrayLikeNumbers,
  show,
} from './validate.js';

/** Default relative tolerance of the float32 backend (float32 right-hand sides are noisy at ~1e-7). */
export const DEFAULT_RTOL = 1e-5;
/** Default absolute tolerance of the float32 backend. */
export const DEFAULT_ATOL = 1e-7;

/** Fully resolved settings of one batched run. */
export interface Settings {
  readonly method: MethodName;
  readonly tableau: ButcherTableau;
  readonly t0: number;
  readonly times: Float64Array;
  /** Fixed step, or null for adaptive. */
  readonly step: number | null;
  readonly rtol: number;
  readonly atol: number;
  readonly initialStep: number | null;
  readonly maxStep: number;
  readonly safety: number;
  readonly minFactor: number;
  readonly maxFactor: number;
  readonly beta: number;
  readonly maxSteps: number;
  readonly maxNorm: number;
}

/** Validates the options of a batched integration and resolves every default. */
export function resolveSettings(fn: string, options: BatchIntegrateOptions): Settings {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  for (const unsupported of ['events', 'observer'] as const) {
    if ((options as Record<string, unknown>)[unsupported] !== undefined) {
      throw new TypeError(
        `${fn}: options.${unsupported} is not supported by the GPU backend (data problems only), got ${show((options as Record<string, unknown>)[unsupported])}`,
      );
    }
  }
  const method = (options.method ?? 'dopri5') as MethodName;
  if (!Object.hasOwn(TABLEAUX, method)) {
    throw new RangeError(
      `${fn}: options.method must be one of ${Object.keys(TABLEAUX).join(', ')}, got ${show(options.method)}`,
    );
  }
  const tableau = TABLEAUX[method];
  let times: Float64Array;
  let t0: number;
  if (options.times !== undefined) {
    if (!isArrayLikeNumbers(options.times) || options.times.length === 0) {
      throw new TypeError(
        `${fn}: options.times must be a non-empty array of numbers, got ${show(options.times)}`,
      );
    }
    times = finiteVector(fn, 'options.times', options.times);
    t0 = options.t0 === undefined ? (times[0] as number) : assertFiniteNumber(fn, 'options.t0', options.t0);
    for (let i = 0; i < times.length; i++) {
      if ((times[i] as number) < t0) {
        throw new RangeError(`${fn}: options.times[${i}] = ${times[i]} is before t0 = ${t0}`);
      }
      if (i > 0 && (times[i] as number) < (times[i - 1] as number)) {
        throw new RangeError(
          `${fn}: options.times must be nondecreasing, got times[${i - 1}] = ${times[i - 1]} > times[${i}] = ${times[i]}`,
        );
      }
    }
  } else if (options.tEnd !== undefined) {
    t0 = options.t0 === undefined ? 0 : assertFiniteNumber(fn, 'options.t0', options.t0);
    const tEnd = assertFiniteNumber(fn, 'options.tEnd', options.tEnd);
    if (tEnd < t0) throw new RangeError(`${fn}: options.tEnd = ${tEnd} is before t0 = ${t0}`);
    times = Float64Array.of(t0, tEnd);
  } else {
    throw new TypeError(`${fn}: options.times or options.tEnd is required, got neither`);
  }
  const span = (times[times.length - 1] as number) - t0;
  let step: number | null = null;
  if (options.step !== undefined) step = assertPositiveFinite(fn, 'options.step', options.step);
  else if (tableau.e === null) {
    throw new RangeError(
      `${fn}: options.step is required for the fixed-step method ${show(method)}, got undefined`,
    );
  }
  const rtol =
    options.rtol === undefined ? DEFAULT_RTOL : assertPositiveFinite(fn, 'options.rtol', options.rtol);
  const atol =
    options.atol === undefined ? DEFAULT_ATOL : assertFiniteNumber(fn, 'options.atol', options.atol);
  if (atol < 0) throw new RangeError(`${fn}: options.atol must be ≥ 0, got ${atol}`);
  const maxStep =
    options.maxStep === undefined
      ? Math.max(span, Number.MIN_VALUE)
      : assertPositiveFinite(fn, 'options.maxStep', options.maxStep);
  const initialStep =
    options.initialStep === undefined
      ? null
      : assertPositiveFinite(fn, 'options.initialStep', options.initialStep);
  const safety =
    options.safety === undefined ? 0.9 : assertPositiveFinite(fn, 'options.safety', options.safety);
  if (safety >= 1) throw new RangeError(`${fn}: options.safety must be in (0, 1), got ${safety}`);
  const minFactor =
    options.minFactor === undefined ? 0.2 : assertPositiveFinite(fn, 'options.minFactor', options.minFactor);
  if (minFactor >= 1) throw new RangeError(`${fn}: options.minFactor must be in (0, 1), got ${minFactor}`);
  const maxFactor =
    options.maxFactor === undefined ? 10 : assertPositiveFinite(fn, 'options.maxFactor', options.maxFactor);
  if (maxFactor <= 1) throw new RangeError(`${fn}: options.maxFactor must be > 1, got ${maxFactor}`);
  const beta = options.beta === undefined ? 0.04 : assertFiniteNumber(fn, 'options.beta', options.beta);
  if (beta < 0 || beta > 0.2) throw new RangeError(`${fn}: options.beta must be in [0, 0.2], got ${beta}`);
  const maxSteps = options.maxSteps === undefined ? 1e6 : options.maxSteps;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new RangeError(`${fn}: options.maxSteps must be a positive integer, got ${show(options.maxSteps)}`);
  }
  const maxNorm = options.maxNorm === undefined ? Number.POSITIVE_INFINITY : options.maxNorm;
  if (typeof maxNorm !== 'number' || !(maxNorm > 0)) {
    throw new RangeError(
      `${fn}: options.maxNorm must be a number > 0 (Infinity allowed), got ${show(options.maxNorm)}`,
    );
  }
  return {
    method,
    tableau,
    t0,
    times,
    step,
    rtol,
    atol,
    initialStep,
    maxStep,
    safety,
    minFactor,
    maxFactor,
    beta,
    maxSteps,
    maxNorm,
  };
}
