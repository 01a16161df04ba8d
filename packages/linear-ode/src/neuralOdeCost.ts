import type { CostEstimate } from '@idyn/linalg';

/** Sizes of a neural ODE study (MATH.md §4.5). */
export interface NeuralOdeCostInput {
  /** Width n of the n × n parameter A(s). */
  readonly n: number;
  /** Steps of the ODE solution on [0, 1] (`solveLinearOde`, and steps + 1 quadrature points). */
  readonly steps: number;
  /** ResNet depths L whose metric is compared (`resnetMetric`). @default [] */
  readonly depths?: readonly number[];
}

/**
 * The cost of the neural ODE computations of MATH.md §4.5 before any n × n matrix is built: the
 * solution stores X(s_k) and P(s_k) at steps + 1 nodes (2 (steps + 1) n² float64), a ResNet of
 * depth L its prefix and suffix products (2 (L + 1) n²); work per node ~80 n³ (Magnus step with a
 * matrix exponential, the propagator, the quadrature of P Pᵀ G Xᵀ X and of the log-mean
 * integrand) and per ResNet layer ~6 n³, at ~2 ns per multiply-add in ml-matrix.
 *
 * @param input - n, steps and the ResNet depths
 * @returns the estimate (`task` 'neuralOde')
 * @throws RangeError when n, steps or a depth is not a positive integer (naming it)
 * @example
 * neuralOdeCost({ n: 3, steps: 2000, depths: [25, 50, 100, 200, 400] }).work; // ~1e7
 * neuralOdeCost({ n: 1e9, steps: 2000 }).memoryBytes; // ~3e22: refused by any budget
 * @see README (budgets)
 */
export function neuralOdeCost(input: NeuralOdeCostInput): CostEstimate {
  const fn = 'neuralOdeCost';
  const positive = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new RangeError(`${fn}: ${name} must be a positive integer, got ${String(v)}`);
    return v;
  };
  const n = positive('n', input.n);
  const steps = positive('steps', input.steps);
  const depths = (input.depths ?? []).map((L, i) => positive(`depths[${i}]`, L));
  const matrix = 8 * n * n + 80 * n + 100;
  const maxDepth = Math.max(0, ...depths);
  const sumDepth = depths.reduce((a, b) => a + b, 0);
  return {
    task: 'neuralOde',
    action: 'solving the linear neural ODE',
    memoryBytes: 2 * (steps + 1) * matrix + 2 * (maxDepth + 1) * matrix + 16 * steps,
    work: 2 * n ** 3 * (80 * (steps + 1) + 6 * sumDepth),
    sizes: { n, steps, depths: depths.length },
  };
}
