// The parameter-space gradient flow of a linear network z = U_L ⋯ U_1, shared by
// linearGradientFlow and compareLinearFlows (which adds rank-drop events).
import { type EventSpec, type IntegrateResult, integrate } from '@idyn/integrators';
import type { Matrix } from 'ml-matrix';
import type { LinearLoss } from '../syntheticLoss.js';
import { maxAbsDiff } from '@idyn/linalg';
import { product, readMatrix, writeMatrix } from './dense.js';

/** The layout of θ = (U_1, …, U_L) row-major, one layer after the other. */
export interface ThetaLayout {
  /** Widths n_0, …, n_L. */
  readonly widths: readonly number[];
  /** Offset of each layer in θ. */
  readonly offsets: readonly number[];
  /** D = Σ n_i n_{i−1}. */
  readonly dim: number;
}

/** The layout of a chain of layers with widths n_0, …, n_L. */
export function thetaLayout(widths: readonly number[]): ThetaLayout {
  const offsets: number[] = [];
  let dim = 0;
  for (let i = 0; i + 1 < widths.length; i++) {
    offsets.push(dim);
    dim += widths[i + 1]! * widths[i]!;
  }
  return { widths, offsets, dim };
}

/** The layers [U_1, …, U_L] stored in `y` at `base`. */
export function unpackLayers(layout: ThetaLayout, y: ArrayLike<number>, base = 0): Matrix[] {
  const { widths, offsets } = layout;
  return offsets.map((o, i) => readMatrix(y, base + o, widths[i + 1]!, widths[i]!));
}

/** θ as one vector. */
export function packLayers(layout: ThetaLayout, weights: readonly Matrix[]): Float64Array {
  const y = new Float64Array(layout.dim);
  weights.forEach((U, i) => {
    writeMatrix(U, y, layout.offsets[i]!);
  });
  return y;
}

/** z = U_L ⋯ U_1. */
export function endToEnd(layout: ThetaLayout, Us: readonly Matrix[]): Matrix {
  return product([...Us].reverse(), layout.widths[0]!);
}

/**
 * Integrates U_i' = −P_iᵀ ∇f(z) Q_iᵀ (P_i = U_L ⋯ U_{i+1}, Q_i = U_{i−1} ⋯ U_1) with DOPRI5 from
 * θ0 over `times`, watching `events`.
 */
export function integrateThetaFlow(
  layout: ThetaLayout,
  theta0: Float64Array,
  loss: LinearLoss,
  times: ArrayLike<number>,
  tolerances: { rtol: number; atol: number },
  events: readonly EventSpec[] = [],
): IntegrateResult {
  const { widths, offsets, dim } = layout;
  const L = offsets.length;
  return integrate(
    {
      dim,
      rhs(_t, y, dydt) {
        // a trial stage that overflowed: let DOPRI5 shorten the step or stop as 'non-finite'
        if (!y.every(Number.isFinite)) {
          dydt.fill(Number.NaN);
          return;
        }
        const Us = unpackLayers(layout, y);
        const G = loss.gradient(endToEnd(layout, Us));
        for (let i = 0; i < L; i++) {
          const P = product(Us.slice(i + 1).reverse(), widths[i + 1]!);
          const Q = product(Us.slice(0, i).reverse(), widths[0]!);
          writeMatrix(P.transpose().mmul(G).mmul(Q.transpose()).mul(-1), dydt, offsets[i]!);
        }
      },
    },
    theta0,
    { times, rtol: tolerances.rtol, atol: tolerances.atol, method: 'dopri5', events },
  );
}

/** h_i = U_{i+1}ᵀ U_{i+1} − U_i U_iᵀ for consecutive layers. */
export function linearLaws(Us: readonly Matrix[]): Matrix[] {
  const out: Matrix[] = [];
  for (let i = 0; i + 1 < Us.length; i++)
    out.push(
      Us[i + 1]!.transpose()
        .mmul(Us[i + 1]!)
        .sub(Us[i]!.mmul(Us[i]!.transpose())),
    );
  return out;
}

/** max over pairs and entries of |h_i(θ) − h_i(θ0)| at each row of `traj`. */
export function lawDriftPerTime(traj: readonly Matrix[][], initial: readonly Matrix[]): Float64Array {
  const h0 = linearLaws(initial);
  const out = new Float64Array(traj.length);
  traj.forEach((Us, k) => {
    let d = 0;
    linearLaws(Us).forEach((H, i) => {
      d = Math.max(d, maxAbsDiff(H, h0[i]!));
    });
    out[k] = d;
  });
  return out;
}

/** The layers and z = φ(θ) at every output time of a θ-flow run, and the law drift per time. */
export function thetaTrajectory(
  layout: ThetaLayout,
  result: IntegrateResult,
  initial: readonly Matrix[],
): { weights: Matrix[][]; z: Matrix[]; drift: Float64Array } {
  const weights: Matrix[][] = [];
  const z: Matrix[] = [];
  for (let k = 0; k < result.t.length; k++) {
    const Us = unpackLayers(layout, result.y, k * layout.dim);
    weights.push(Us);
    z.push(endToEnd(layout, Us));
  }
  return { weights, z, drift: lawDriftPerTime(weights, initial) };
}
