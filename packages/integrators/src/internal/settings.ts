import { type ButcherTableau, type MethodName, TABLEAUX } from '../tableaux.js';
import type { IntegrateOptions } from '../types.js';
import type { EngineSettings } from './engine.js';
import type { StepControlSettings } from './stepSizeController.js';
import {
  assertFiniteNumber,
  assertPositiveFinite,
  finiteVector,
  isArrayLikeNumbers,
  show,
} from './validate.js';

/** Defaults of the tolerances, which differ between float64 and float32 backends. */
export interface ToleranceDefaults {
  /** Relative tolerance used when `options.rtol` is absent. */
  readonly rtol: number;
  /** Absolute tolerance used when `options.atol` is absent. */
  readonly atol: number;
}

/** Default tolerances of the float64 CPU backend (`rtol` 1e-8, `atol` 1e-10). */
export const FLOAT64_TOLERANCES: ToleranceDefaults = { rtol: 1e-8, atol: 1e-10 };

/** Fully resolved, validated settings of one run, shared by every backend's stepper. */
export interface StepSettings extends StepControlSettings {
  /** Method name. */
  readonly method: MethodName;
  /** The method's Butcher tableau. */
  readonly tableau: ButcherTableau;
  /** Start time. */
  readonly t0: number;
  /** Output times, nondecreasing, ≥ t0. */
  readonly times: Float64Array;
  /** Divergence bound on max_i |y_i| (Infinity for none). */
  readonly maxNorm: number;
}

/**
 * Validates the stepping options of `fn` (everything but events and observers) and resolves every
 * default, with the tolerance defaults of the calling backend.
 *
 * @param fn - name of the public function, used in error messages
 * @param options - the caller's options
 * @param defaults - tolerance defaults of the backend
 * @returns the resolved settings
 * @throws TypeError if options is not an object, or times/tEnd are missing or not numbers
 * @throws RangeError naming the option and its value for any value out of range
 * @example
 * resolveStepSettings('integrate', { tEnd: 1 }, FLOAT64_TOLERANCES).rtol; // 1e-8
 * @see MATH.md §6
 */
export function resolveStepSettings(
  fn: string,
  options: Omit<IntegrateOptions, 'events' | 'observer'>,
  defaults: ToleranceDefaults,
): StepSettings {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  const method = (options.method ?? 'dopri5') as MethodName;
  const tableau = TABLEAUX[method];
  if (tableau === undefined || !Object.hasOwn(TABLEAUX, method)) {
    throw new RangeError(
      `${fn}: options.method must be one of ${Object.keys(TABLEAUX).join(', ')}, got ${show(options.method)}`,
    );
  }
  let times: Float64Array;
  let t0: number;
  if (options.times !== undefined) {
    if (!isArrayLikeNumbers(options.times) || options.times.length === 0) {
      throw new TypeError(
        `${fn}: options.times must be a non-empty array of numbers, got ${show(options.times)}`,
      );
    }
    times = finiteVector(fn, 'options.times', options.times);
    t0 = options.t0 === undefined ? times[0]! : assertFiniteNumber(fn, 'options.t0', options.t0);
    for (let i = 0; i < times.length; i++) {
      if (times[i]! < t0) {
        throw new RangeError(`${fn}: options.times[${i}] = ${times[i]} is before t0 = ${t0}`);
      }
      if (i > 0 && times[i]! < times[i - 1]!) {
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
  const span = times[times.length - 1]! - t0;
  let step: number | null = null;
  if (options.step !== undefined) step = assertPositiveFinite(fn, 'options.step', options.step);
  else if (tableau.e === null) {
    throw new RangeError(
      `${fn}: options.step is required for the fixed-step method ${show(method)}, got undefined`,
    );
  }
  const rtol =
    options.rtol === undefined ? defaults.rtol : assertPositiveFinite(fn, 'options.rtol', options.rtol);
  // a relative tolerance above 1 accepts steps whose error exceeds the state itself
  if (rtol > 1) throw new RangeError(`${fn}: options.rtol must be in (0, 1], got ${rtol}`);
  const atol =
    options.atol === undefined ? defaults.atol : assertFiniteNumber(fn, 'options.atol', options.atol);
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

/** Validates `options` for `fn` and resolves every default (float64 tolerances, events, observer). */
export function resolveSettings(fn: string, options: IntegrateOptions): EngineSettings {
  const step = resolveStepSettings(fn, options, FLOAT64_TOLERANCES);
  const events = options.events ?? [];
  if (!Array.isArray(events))
    throw new TypeError(`${fn}: options.events must be an array, got ${show(events)}`);
  events.forEach((e, i) => {
    if (e === null || typeof e !== 'object' || typeof e.g !== 'function') {
      throw new TypeError(`${fn}: options.events[${i}].g must be a function, got ${show(e?.g)}`);
    }
    if (e.direction !== undefined && e.direction !== -1 && e.direction !== 0 && e.direction !== 1) {
      throw new RangeError(
        `${fn}: options.events[${i}].direction must be -1, 0 or 1, got ${show(e.direction)}`,
      );
    }
  });
  if (options.observer !== undefined && typeof options.observer !== 'function') {
    throw new TypeError(`${fn}: options.observer must be a function, got ${show(options.observer)}`);
  }
  return { ...step, events, observer: options.observer ?? null };
}
