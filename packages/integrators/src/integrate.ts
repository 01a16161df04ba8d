import { type EngineSettings, runEngine } from './internal/engine.js';
import { resolveProblem } from './internal/resolveProblem.js';
import {
  assertFiniteNumber,
  assertPositiveFinite,
  finiteVector,
  isArrayLikeNumbers,
  show,
} from './internal/validate.js';
import { type MethodName, TABLEAUX } from './tableaux.js';
import type { IntegrateOptions, IntegrateResult, Problem } from './types.js';

/** Validates `options` for `fn` and resolves every default. */
export function resolveSettings(fn: string, options: IntegrateOptions): EngineSettings {
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
  const rtol = options.rtol === undefined ? 1e-8 : assertPositiveFinite(fn, 'options.rtol', options.rtol);
  const atol = options.atol === undefined ? 1e-10 : assertFiniteNumber(fn, 'options.atol', options.atol);
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
    events,
    observer: options.observer ?? null,
  };
}

/**
 * Integrates an ODE on the CPU in float64 with an explicit Runge–Kutta method: adaptive
 * Dormand–Prince 5(4) with a PI step-size controller (the default), or fixed steps of Euler, Heun,
 * RK4 or DOPRI5.
 *
 * Output is produced at the requested `times` through the method's dense output (DOPRI5's
 * continuous extension; cubic Hermite otherwise); fixed steps are shortened to land exactly on
 * output times. The integration stops early on a non-finite value, on `max|y| > maxNorm`
 * ('diverged', time located on the dense output), at a terminal user event, after `maxSteps`, or
 * when the step falls below the resolution of t; `status` and `message` say which.
 *
 * @param problem - an {@link OdeProblem} with a JavaScript `rhs`, or a data-described problem
 *   (`{ kind: 'linear', dim, A }`, `{ kind: 'layered-flow', ... }`)
 * @param y0 - initial state of length `dim × (batch ?? 1)`
 * @param options - output grid, method, tolerances, events; see {@link IntegrateOptions}
 * @returns the states at the output times reached, the stop status and work counters
 * @throws TypeError when an argument has the wrong type (the message names it and its value)
 * @throws RangeError when a number or length is out of range (the message names it and its value)
 * @example
 * const decay = { dim: 1, rhs: (_t, y, dy) => { dy[0] = -y[0]; } };
 * const r = integrate(decay, [1], { times: [0, 1], rtol: 1e-10, atol: 1e-12 });
 * r.status; // 'success'
 * r.y[1];   // 0.36787944117… (= e^{-1})
 * @see MATH.md §6 (adaptive Dormand–Prince with rtol ≤ 1e-10 for equality checks between flows)
 */
export function integrate(
  problem: Problem,
  y0: ArrayLike<number>,
  options: IntegrateOptions,
): IntegrateResult {
  const resolved = resolveProblem('integrate', problem);
  const y = finiteVector(
    'integrate',
    'y0',
    y0,
    resolved.n,
    resolved.batch > 1 ? 'dim × batch' : 'problem.dim',
  );
  const settings = resolveSettings('integrate', options);
  return runEngine(resolved.n, resolved.f, y, settings);
}
