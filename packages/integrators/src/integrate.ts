import { checkBudget } from '@idyn/linalg';
import { integrateCost } from './integrateCost.js';
import { runEngine } from './internal/engine.js';
import { resolveProblem } from './internal/resolveProblem.js';
import { resolveSettings } from './internal/settings.js';
import { finiteVector } from './internal/validate.js';
import type { IntegrateOptions, IntegrateResult, Problem } from './types.js';

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
 * @throws RangeError when a number or length is out of range (the message names it and its value);
 *   BudgetError when the trajectory would exceed `options.budget` (see `integrateCost`)
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
  checkBudget(
    integrateCost({ problem: { dim: resolved.n }, times: requestedTimes(options) }),
    options?.budget,
  );
  const settings = resolveSettings('integrate', options);
  return runEngine(resolved.n, resolved.f, y, settings);
}

/**
 * The number of output times an options object asks for, read before anything is copied, so that a
 * budget can refuse a huge `times` before it is allocated (2 with `tEnd`).
 *
 * @param options - integration options (only `times` is read); may be missing
 * @returns `options.times.length` when it is a positive safe integer, else 2
 * @example
 * requestedTimes({ times: [0, 0.5, 1] }); // 3
 * requestedTimes({ tEnd: 1 }); // 2
 */
export function requestedTimes(options: { readonly times?: ArrayLike<number> } | null | undefined): number {
  const n = options?.times?.length;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 ? n : 2;
}
