import type { IntegrationStatus } from '../types.js';
import { maxAbs } from './norms.js';

// The status rules of a run, one definition each, used by the CPU engine and meant for every other
// backend's stepper (a GPU kernel that steps on the device reports the same statuses with the same
// messages by calling these on the host): when a run stops, why, and what it says.

/** Why a run stopped before its end time. */
export interface StopReason {
  /** The run's status (never `'success'`). */
  readonly status: Exclude<IntegrationStatus, 'success'>;
  /** A message naming the time and the cause. */
  readonly message: string;
}

/**
 * The divergence rule: whether a state exceeds the bound, max_i |y_i| > maxNorm (a NaN entry does
 * not count here; non-finite values have their own status).
 *
 * @param y - the state
 * @param maxNorm - the divergence bound (Infinity for none)
 * @returns true iff max_i |y_i| > maxNorm
 * @example
 * exceedsMaxNorm(Float64Array.of(3, -5), 4); // true
 * @see MATH.md §6
 */
export function exceedsMaxNorm(y: Float64Array, maxNorm: number): boolean {
  return maxAbs(y) > maxNorm;
}

/**
 * The status of a run before its first step: `diverged` when y0 already exceeds the bound, else null.
 *
 * @param y - the initial state
 * @param maxNorm - the divergence bound
 * @param t - the initial time
 * @returns the stop reason, or null to go on
 * @example
 * startStop(Float64Array.of(10), 1, 0)?.message; // 'diverged: max |y| = 10 exceeds maxNorm = 1 at t = 0'
 * @see MATH.md §6
 */
export function startStop(y: Float64Array, maxNorm: number, t: number): StopReason | null {
  if (!exceedsMaxNorm(y, maxNorm)) return null;
  return {
    status: 'diverged',
    message: `diverged: max |y| = ${maxAbs(y)} exceeds maxNorm = ${maxNorm} at t = ${t}`,
  };
}

/**
 * The stop of a run whose right-hand side is not finite at an accepted point (the start, or the end
 * of an accepted step).
 *
 * @param t - the time of the evaluation
 * @returns status `non-finite`
 * @example
 * nonFiniteRhsStop(0.5).message; // 'non-finite right-hand side at t = 0.5'
 * @see MATH.md §6
 */
export function nonFiniteRhsStop(t: number): StopReason {
  return { status: 'non-finite', message: `non-finite right-hand side at t = ${t}` };
}

/**
 * The stop of a fixed-step run whose trial step is not finite (a fixed step cannot shrink).
 *
 * @param t - start of the step
 * @param h - the step length
 * @returns status `non-finite`
 * @example
 * nonFiniteStepStop(1, 0.1).status; // 'non-finite'
 * @see MATH.md §6
 */
export function nonFiniteStepStop(t: number, h: number): StopReason {
  return {
    status: 'non-finite',
    message: `non-finite: the step from t = ${t} with h = ${h} produced non-finite values`,
  };
}

/**
 * The stop at the step cap.
 *
 * @param maxSteps - the cap on trial steps
 * @param t - current time
 * @param tEnd - the end time of the run
 * @returns status `max-steps`
 * @example
 * maxStepsStop(10, 0.3, 1).message; // 'max-steps: 10 steps taken, stopped at t = 0.3 before t = 1'
 * @see MATH.md §6
 */
export function maxStepsStop(maxSteps: number, t: number, tEnd: number): StopReason {
  return {
    status: 'max-steps',
    message: `max-steps: ${maxSteps} steps taken, stopped at t = ${t} before t = ${tEnd}`,
  };
}

/**
 * The stop of an adaptive run whose step fell below the resolution of t: `non-finite` when the
 * rejections that shrank it were for non-finite values, else `step-too-small`.
 *
 * @param hStep - the step that is too small
 * @param t - current time
 * @param lastNonFinite - whether the last rejection was for non-finite values
 * @param resolution - what the step is below, in words (a backend that keeps time otherwise, such
 *   as the float32 ticks of the WebGPU kernels, names its own resolution and value)
 * @returns the stop reason
 * @example
 * tooSmallStop(1e-17, 1, false).status; // 'step-too-small'
 * tooSmallStop(1e-17, 1, false).message; // 'step-too-small: step 1e-17 at t = 1 is below the resolution of t'
 * @see MATH.md §6
 */
export function tooSmallStop(
  hStep: number,
  t: number,
  lastNonFinite: boolean,
  resolution = 'the resolution of t',
): StopReason {
  return lastNonFinite
    ? {
        status: 'non-finite',
        message: `non-finite: every trial step from t = ${t} produced non-finite values (step shrank to ${hStep})`,
      }
    : {
        status: 'step-too-small',
        message: `step-too-small: step ${hStep} at t = ${t} is below ${resolution}`,
      };
}

/**
 * The stop where the dense output reaches the divergence bound inside a step.
 *
 * @param maxNorm - the divergence bound
 * @param t - the time of the crossing
 * @returns status `diverged`
 * @example
 * divergedStop(100, 2.5).message; // 'diverged: max |y| reached maxNorm = 100 at t = 2.5'
 * @see MATH.md §6
 */
export function divergedStop(maxNorm: number, t: number): StopReason {
  return { status: 'diverged', message: `diverged: max |y| reached maxNorm = ${maxNorm} at t = ${t}` };
}

/**
 * The stop at a terminal user event.
 *
 * @param name - the event's name
 * @param t - the time of the event
 * @returns status `event`
 * @example
 * eventStop('hit', 0.75).message; // "event 'hit' at t = 0.75"
 * @see MATH.md §6
 */
export function eventStop(name: string, t: number): StopReason {
  return { status: 'event', message: `event '${name}' at t = ${t}` };
}

/**
 * The message of a run that reached its last output time (status `success`).
 *
 * @param t - the last output time
 * @returns the message
 * @example
 * reachedMessage(2); // 'reached t = 2'
 * @see MATH.md §6
 */
export function reachedMessage(t: number): string {
  return `reached t = ${t}`;
}

/**
 * The end of an accepted step: the target itself when the step lands on it (no rounding drift in
 * output times), else t + hStep.
 *
 * @param t - start of the step
 * @param hStep - the step length
 * @param landing - whether the step lands on the target
 * @param target - the time it lands on (tEnd when adaptive, the next output time when fixed)
 * @returns the end time of the step
 * @example
 * stepEnd(0.9, 0.1, true, 1); // 1 (not 0.9 + 0.1 = 0.9999999999999999)
 * @see MATH.md §6
 */
export function stepEnd(t: number, hStep: number, landing: boolean, target: number): number {
  return landing ? target : t + hStep;
}
