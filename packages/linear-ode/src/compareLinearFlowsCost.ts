import type { CostEstimate } from '@idyn/linalg';

/**
 * The cost of {@link compareLinearFlows} (and of the θ-flow alone) before it runs: memory for the
 * trajectories (θ, z = φ(θ) and the z-flow at every output time, as float64 plus ml-matrix row
 * overhead) and work for the DOPRI5 stages, each a product chain of the L layers per layer (the
 * step count is not known in advance: ~200 steps plus two per output time are assumed, typical at
 * rtol 1e-11 for T of order 1).
 *
 * @param widths - n_0, …, n_L
 * @param times - number of output times
 * @returns the estimate (`task` 'compareLinearFlows')
 * @throws RangeError on widths that are not positive integers or a bad number of times
 * @example
 * compareLinearFlowsCost([3, 3, 4], 21).memoryBytes; // ~2e4
 * compareLinearFlowsCost([3, 3, 4], 1e9).memoryBytes; // ~1e13: refused by the default budget
 * @see README (budgets)
 */
export function compareLinearFlowsCost(widths: readonly number[], times: number): CostEstimate {
  const fn = 'compareLinearFlowsCost';
  if (!Array.isArray(widths) || widths.length < 2 || widths.some((w) => !Number.isInteger(w) || w < 1))
    throw new RangeError(`${fn}: widths must be at least two positive integers, got ${String(widths)}`);
  if (!(Number.isInteger(times) && times >= 1))
    throw new RangeError(`${fn}: times must be a positive integer, got ${String(times)}`);
  const L = widths.length - 1;
  let D = 0;
  let rows = 0;
  for (let i = 0; i < L; i++) {
    D += widths[i]! * widths[i + 1]!;
    rows += widths[i + 1]!;
  }
  const d = widths[0]! * widths[L]!;
  const nMax = Math.max(...widths);
  const perMatrix = 96;
  const perRow = 80;
  const memoryBytes =
    times * (8 * (2 * D + 4 * d) + perMatrix * (L + 3) + perRow * (rows + 3 * widths[L]!)) + 64 * D + 1e4;
  const steps = 200 + 2 * times;
  const rhs = 2 * L * L * nMax ** 3 + 4 * d * nMax;
  const work = steps * 7 * rhs * 2 * 3;
  return {
    task: 'compareLinearFlows',
    action: 'comparing the linear theta-flow with the intrinsic flow',
    memoryBytes,
    work,
    sizes: { D, d, times },
  };
}
