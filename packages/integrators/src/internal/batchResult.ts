import { layeredNeuronLaws } from '../layeredNeuronLaws.js';
import { layeredSizes } from './layered.js';
import type { MethodName } from '../tableaux.js';
import type {
  BatchIntegrateResult,
  IntegrateResult,
  IntegrateStats,
  IntegrationStatus,
  LayeredFlowProblem,
} from '../types.js';

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

/** How one member of a batch ended: its status, message, stop time and counters. */
export interface MemberEnd extends MemberCounts {
  /** The member's status. */
  readonly status: IntegrationStatus;
  /** The status message (one of the named rules of runStatus). */
  readonly message: string;
  /** Where the member stopped. */
  readonly tStop: number;
}

/**
 * The fields of a {@link BatchIntegrateResult} from the members' ends (what every backend that
 * runs members side by side returns), with the per-member step counts of {@link memberTotals}.
 *
 * @param times - the output times
 * @param y - the states, row-major `[batch, times.length, dim]` (NaN in rows not reached)
 * @param dim - the state dimension
 * @param members - each member's end, in batch order
 * @param backend - the backend that ran
 * @param neuronLaws - the laws, when asked for
 * @returns the batch result, plus `accepted` and `rejected` per member
 * @example
 * batchResultOf(times, y, D, members, 'gpu.js-cpu').status; // one status per member
 * @see MATH.md §6
 */
export function batchResultOf(
  times: Float64Array,
  y: Float64Array,
  dim: number,
  members: readonly MemberEnd[],
  backend: string,
  neuronLaws?: Float64Array,
): BatchIntegrateResult & { readonly accepted: Float64Array; readonly rejected: Float64Array } {
  const { stats, accepted, rejected } = memberTotals(members);
  return {
    t: times.slice(),
    y,
    shape: [members.length, times.length, dim] as const,
    status: members.map((m) => m.status),
    message: members.map((m) => m.message),
    tStop: Float64Array.from(members, (m) => m.tStop),
    stats,
    ...(neuronLaws ? { neuronLaws } : {}),
    backend,
    accepted,
    rejected,
  };
}

/**
 * The {@link IntegrateResult} of a single run that went through a batch of one: its reached rows,
 * its end, its counters.
 *
 * @param member - the member's end
 * @param times - the output times
 * @param y - the batch's states (row-major `[1, times.length, dim]`)
 * @param dim - the state dimension
 * @param yStop - where it stopped
 * @param method - the method that ran
 * @returns the single-run result (no events: batches have none)
 * @example
 * memberRunResult(members[0], times, y, D, yStop, 'dopri5').t; // the output times it reached
 * @see MATH.md §6
 */
export function memberRunResult(
  member: MemberEnd,
  times: Float64Array,
  y: Float64Array,
  dim: number,
  yStop: Float64Array,
  method: MethodName,
): IntegrateResult {
  const { reached } = member;
  return {
    status: member.status,
    message: member.message,
    t: times.slice(0, reached),
    y: y.slice(0, reached * dim),
    shape: [reached, dim] as const,
    tStop: member.tStop,
    yStop,
    events: [],
    stats: { nfev: member.nfev, accepted: member.accepted, rejected: member.rejected },
    method,
  };
}
