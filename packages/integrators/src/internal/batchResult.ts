import { layeredNeuronLaws } from '../layeredNeuronLaws.js';
import { layeredSizes } from './layered.js';
import type { IntegrateStats, LayeredFlowProblem } from '../types.js';

/** What a backend knows of one member at the end of a batch: its counters and its reached rows. */
export interface MemberCounts {
  /** Output rows the member reached (a prefix of the output times). */
  readonly reached: number;
  /** Right-hand-side evaluations. */
  readonly nfev: number;
  /** Accepted steps. */
  readonly accepted: number;
  /** Rejected steps. */
  readonly rejected: number;
}

/**
 * The totals of a batch and the per-member step counts, from each member's counters.
 *
 * @param members - the members' counters, in batch order
 * @returns `stats` summed over the members, and `accepted` / `rejected` per member
 * @example
 * memberTotals([{ reached: 2, nfev: 7, accepted: 1, rejected: 0 }]).stats; // { nfev: 7, accepted: 1, rejected: 0 }
 * @see MATH.md §6
 */
export function memberTotals(members: readonly MemberCounts[]): {
  stats: IntegrateStats;
  accepted: Float64Array;
  rejected: Float64Array;
} {
  const stats: IntegrateStats = { nfev: 0, accepted: 0, rejected: 0 };
  const accepted = new Float64Array(members.length);
  const rejected = new Float64Array(members.length);
  members.forEach((m, b) => {
    stats.nfev += m.nfev;
    stats.accepted += m.accepted;
    stats.rejected += m.rejected;
    accepted[b] = m.accepted;
    rejected[b] = m.rejected;
  });
  return { stats, accepted, rejected };
}

/**
 * The per-neuron laws h_v (`layeredNeuronLaws`, in float64) of every member at every output row it
 * reached: the `neuronLaws` of a batch result, row-major `[batch, nt, H]` with H = n_1 + … +
 * n_{L−1}, NaN in the rows a member did not reach.
 *
 * @param problem - the layered-flow problem
 * @param y - the batch's states, row-major `[batch, nt, D]`
 * @param nt - output times
 * @param members - per member, how many rows it reached
 * @returns the laws
 * @example
 * batchNeuronLaws(problem, result.y, result.t.length, members); // Float64Array [batch · nt · H]
 * @see MATH.md §1 (the neuron laws h_v)
 */
export function batchNeuronLaws(
  problem: LayeredFlowProblem,
  y: Float64Array,
  nt: number,
  members: readonly { readonly reached: number }[],
): Float64Array {
  const { D, hidden: H } = layeredSizes(problem.widths, problem.bias);
  const laws = new Float64Array(members.length * nt * H).fill(Number.NaN);
  members.forEach((m, b) => {
    for (let i = 0; i < m.reached; i++) {
      const row = (b * nt + i) * D;
      laws.set(layeredNeuronLaws(problem, y.subarray(row, row + D)), (b * nt + i) * H);
    }
  });
  return laws;
}
