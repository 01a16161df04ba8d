import { type IntegrateStats, type IntegrationStatus, integrate } from '@idyn/integrators';
import type { Matrix } from 'ml-matrix';
import { maxAbsDiff, product, readMatrix, writeMatrix } from './internal/dense.js';
import { checkChain, checkFinite } from './internal/validate.js';
import { type LinearLoss, syntheticLoss } from './syntheticLoss.js';

/** Options shared by the linear flows. */
export interface LinearFlowOptions {
  /** The loss f(z). @default syntheticLoss(n_L, n_0, { seed: 0 }) (MATH.md §5) */
  loss?: LinearLoss;
  /** Output times (nondecreasing, from 0). @default 11 equispaced times in [0, T] */
  times?: ArrayLike<number>;
  /** Final time when `times` is absent. @default 1 */
  T?: number;
  /** DOPRI5 relative tolerance. @default 1e-11 */
  rtol?: number;
  /** DOPRI5 absolute tolerance. @default 1e-12 */
  atol?: number;
}

/** Result of {@link linearGradientFlow}. */
export interface LinearGradientFlowResult {
  /** Output times reached. */
  times: Float64Array;
  /** The layers [U_1, …, U_L] at each output time. */
  weights: Matrix[][];
  /** z = U_L ⋯ U_1 at each output time. */
  z: Matrix[];
  /** max over times, pairs i and entries of |h_i(θ(t)) − h_i(θ(0))|, h_i = U_{i+1}ᵀU_{i+1} − U_iU_iᵀ. */
  lawDrift: number;
  /** The same maximum at each output time. */
  lawDriftPerTime: Float64Array;
  /** Integrator status. */
  status: IntegrationStatus;
  /** Integrator message (why it stopped, when not `'success'`). */
  message: string;
  /** Integrator work counters. */
  stats: IntegrateStats;
}

/** Resolves the output grid from `times`/`T`. */
export function outputTimes(fn: string, options: LinearFlowOptions): Float64Array {
  if (options.times !== undefined) return Float64Array.from(options.times);
  const T = options.T ?? 1;
  checkFinite(fn, 'options.T', T);
  if (!(T > 0)) throw new RangeError(`${fn}: options.T must be > 0, got ${T}`);
  return Float64Array.from({ length: 11 }, (_, i) => (T * i) / 10);
}

/**
 * The parameter-space gradient flow of a linear network z = U_L ⋯ U_1 under a loss f(z):
 * U_i' = −P_iᵀ ∇f(z) Q_iᵀ (P_i = U_L ⋯ U_{i+1}, Q_i = U_{i−1} ⋯ U_1), integrated with adaptive
 * DOPRI5 from `@idyn/integrators`, monitoring the conservation laws U_{i+1}ᵀU_{i+1} − U_iU_iᵀ.
 *
 * @param weights - initial [U_1, …, U_L], U_i of shape n_i × n_{i−1}
 * @param options - loss, output times, tolerances
 * @returns trajectories of θ and z, law drift, status and solver stats
 * @throws TypeError/RangeError on shapes that do not chain or bad options
 * @example
 * const { weights } = relaxedBalancedTwoLayer([2, 3, 3], 0.7);
 * linearGradientFlow(weights, { T: 2 }).lawDrift; // ~1e-12
 * @see MATH.md §0 (gradient flow), §2 (linear laws), §5
 */
export function linearGradientFlow(
  weights: readonly Matrix[],
  options: LinearFlowOptions = {},
): LinearGradientFlowResult {
  const fn = 'linearGradientFlow';
  const widths = checkChain(fn, weights);
  const L = weights.length;
  const loss = options.loss ?? syntheticLoss(widths[L]!, widths[0]!);
  const times = outputTimes(fn, options);
  const offsets: number[] = [];
  let dim = 0;
  for (let i = 0; i < L; i++) {
    offsets.push(dim);
    dim += widths[i + 1]! * widths[i]!;
  }
  const unpack = (y: ArrayLike<number>, base: number): Matrix[] =>
    weights.map((_, i) => readMatrix(y, base + offsets[i]!, widths[i + 1]!, widths[i]!));
  const y0 = new Float64Array(dim);
  weights.forEach((U, i) => {
    writeMatrix(U, y0, offsets[i]!);
  });
  const result = integrate(
    {
      dim,
      rhs(_t, y, dydt) {
        const Us = unpack(y, 0);
        const z = product([...Us].reverse(), widths[0]!);
        const G = loss.gradient(z);
        for (let i = 0; i < L; i++) {
          const P = product(Us.slice(i + 1).reverse(), widths[i + 1]!);
          const Q = product(Us.slice(0, i).reverse(), widths[0]!);
          writeMatrix(P.transpose().mmul(G).mmul(Q.transpose()).mul(-1), dydt, offsets[i]!);
        }
      },
    },
    y0,
    { times, rtol: options.rtol ?? 1e-11, atol: options.atol ?? 1e-12, method: 'dopri5' },
  );
  const nt = result.t.length;
  const traj: Matrix[][] = [];
  const zs: Matrix[] = [];
  for (let k = 0; k < nt; k++) {
    const Us = unpack(result.y, k * dim);
    traj.push(Us);
    zs.push(product([...Us].reverse(), widths[0]!));
  }
  const laws = (Us: Matrix[]): Matrix[] => {
    const out: Matrix[] = [];
    for (let i = 0; i + 1 < L; i++)
      out.push(
        Us[i + 1]!.transpose()
          .mmul(Us[i + 1]!)
          .sub(Us[i]!.mmul(Us[i]!.transpose())),
      );
    return out;
  };
  const h0 = laws(traj[0] ?? [...weights]);
  const lawDriftPerTime = new Float64Array(nt);
  for (let k = 0; k < nt; k++) {
    const hk = laws(traj[k]!);
    let d = 0;
    hk.forEach((H, i) => {
      d = Math.max(d, maxAbsDiff(H, h0[i]!));
    });
    lawDriftPerTime[k] = d;
  }
  return {
    times: Float64Array.from(result.t),
    weights: traj,
    z: zs,
    lawDrift: Math.max(0, ...lawDriftPerTime),
    lawDriftPerTime,
    status: result.status,
    message: result.message,
    stats: { ...result.stats },
  };
}
