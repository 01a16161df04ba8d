import type { LawsFunction } from './createLawMonitor.js';
import type { GradientFlowResult } from './gradientFlow.js';
import { runFlow } from './internal/runFlow.js';
import { assertPositiveFinite, assertPositiveInteger } from './internal/validate.js';
import type { LayeredFlowProblem, Observer } from './types.js';
import type { LossFunction } from './layeredFlowLoss.js';

/** Options of {@link gradientDescent}. */
export interface GradientDescentOptions {
  /** Step size η (learning rate). */
  readonly eta: number;
  /** Number of iterations. */
  readonly iterations: number;
  /** Record every this many iterations (the last iteration is always recorded). @default 1 */
  readonly every?: number;
  /** Conservation laws to monitor. @default none */
  readonly laws?: LawsFunction;
  /** Divergence bound on max |θ_i|. @default Infinity */
  readonly maxNorm?: number;
  /** Called at each recorded iteration (t = k η). @default none */
  readonly observer?: Observer;
}

/**
 * Gradient descent θ_{k+1} = θ_k − η ∇L(θ_k), i.e. explicit Euler on the gradient flow with step
 * η, recorded at t = k η. Unlike the flow it does not conserve the laws: they drift by O(η) over a
 * fixed time (O(η²) per step).
 *
 * @param loss - `(theta, gradient) => value`, or a {@link LayeredFlowProblem}
 * @param theta0 - initial parameters
 * @param options - step η, iteration count, recording stride, laws
 * @returns a {@link GradientFlowResult} whose `t` are k η at the recorded iterations
 * @throws RangeError if eta, iterations or every is not positive (message names it)
 * @example
 * const loss = (th, g) => { g[0] = th[0]; return 0.5 * th[0] ** 2; };
 * gradientDescent(loss, [1], { eta: 0.5, iterations: 2 }).yStop; // [0.25] (= (1 − η)²)
 * @see MATH.md §6 (explicit Euler drifts the laws by O(step))
 */
export function gradientDescent(
  loss: LossFunction | LayeredFlowProblem,
  theta0: ArrayLike<number>,
  options: GradientDescentOptions,
): GradientFlowResult {
  const fn = 'gradientDescent';
  const eta = assertPositiveFinite(fn, 'options.eta', options?.eta);
  const iterations = assertPositiveInteger(fn, 'options.iterations', options.iterations);
  const every = options.every === undefined ? 1 : assertPositiveInteger(fn, 'options.every', options.every);
  const marks: number[] = [];
  for (let k = 0; k < iterations; k += every) marks.push(k);
  marks.push(iterations);
  return runFlow(fn, loss, theta0, {
    method: 'euler',
    step: eta,
    times: marks.map((k) => k * eta),
    ...(options.laws ? { laws: options.laws } : {}),
    ...(options.maxNorm !== undefined ? { maxNorm: options.maxNorm } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
  });
}
