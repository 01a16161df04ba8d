import { describeValue } from '@idyn/linalg';
import type { Polynomial } from '@idyn/poly';
import type { Lifting } from './Lifting.js';
import { buildLifting } from './internal/buildLifting.js';
import { addInto, identity, matmul, transpose } from './internal/dense.js';
import { polyMatmul, polyTranspose, variableMatrix } from './internal/polyMatrix.js';

/**
 * The lifting of a deep linear network, z = U_L ⋯ U_1.
 *
 * Layer i (1-based) is U_i of shape n_i x n_{i-1}; theta concatenates U_1, U_2, …, U_L, each
 * row-major, so D = Σ n_i n_{i-1}; z is the n_L x n_0 product, row-major (d = n_L n_0).
 * Parameter names are `U<i>_<row>_<col>` (e.g. `U1_0_2`), z labels `z_<row>_<col>`.
 *
 * With P_i = U_L ⋯ U_{i+1} and Q_i = U_{i-1} ⋯ U_1 (empty product = identity):
 * Dphi(theta)[V] = Σ_i P_i V_i Q_i, Dphi^T G = (P_i^T G Q_i^T)_i and
 * M(theta)[G] = Σ_i P_i P_i^T G Q_i^T Q_i, all by matrix products. The known laws are the entries
 * on and above the diagonal of U_{i+1}^T U_{i+1} − U_i U_i^T for i = 1..L−1 (they can be
 * dependent: count them by rank).
 *
 * @param widths - [n_0, n_1, …, n_L], at least two positive integers
 * @returns the lifting (dense Jacobian; no `jacobianSparse`)
 * @throws TypeError if `widths` is not an array; RangeError if it has fewer than 2 entries or an
 *   entry is not a positive integer
 * @example
 * const lift = matrixProductLifting([2, 3, 2]); // z = U2 U1, U1: 3x2, U2: 2x3
 * lift.D; // 12
 * lift.d; // 4
 * lift.knownLaws().length; // 6 (upper triangle of the 3x3 matrix U2^T U2 - U1 U1^T)
 * @see MATH.md §1 (other liftings), §2 (known laws), §4.4 (the metric formula)
 */
export function matrixProductLifting(widths: readonly number[]): Lifting {
  const fn = 'matrixProductLifting';
  if (!Array.isArray(widths))
    throw new TypeError(`${fn}: widths must be an array, got ${describeValue(widths)}`);
  if (widths.length < 2) {
    throw new RangeError(`${fn}: widths must have at least 2 entries, got ${describeValue(widths)}`);
  }
  widths.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1) {
      throw new RangeError(`${fn}: widths[${i}] must be a positive integer, got ${describeValue(w)}`);
    }
  });
  const n = [...widths];
  const L = n.length - 1;
  const offsets: number[] = [];
  let D = 0;
  for (let i = 1; i <= L; i++) {
    offsets.push(D);
    D += n[i]! * n[i - 1]!;
  }
  const rowsOut = n[L]!;
  const colsIn = n[0]!;
  const d = rowsOut * colsIn;
  const paramNames: string[] = [];
  for (let i = 1; i <= L; i++) {
    for (let r = 0; r < n[i]!; r++) for (let c = 0; c < n[i - 1]!; c++) paramNames.push(`U${i}_${r}_${c}`);
  }
  const zLabels: string[] = [];
  for (let r = 0; r < rowsOut; r++) for (let c = 0; c < colsIn; c++) zLabels.push(`z_${r}_${c}`);

  /** U_i (1-based) as a subarray of theta. */
  const layer = (theta: Float64Array, i: number) =>
    theta.subarray(offsets[i - 1]!, offsets[i - 1]! + n[i]! * n[i - 1]!);

  /** Q[i] = U_{i-1} ⋯ U_1 (n_{i-1} x n_0), P[i] = U_L ⋯ U_{i+1} (n_L x n_i), for i = 1..L. */
  const partials = (theta: Float64Array) => {
    const Q: Float64Array[] = [];
    const P: Float64Array[] = [];
    Q[1] = identity(n[0]!);
    for (let i = 2; i <= L; i++) Q[i] = matmul(layer(theta, i - 1), Q[i - 1]!, n[i - 1]!, n[i - 2]!, n[0]!);
    P[L] = identity(n[L]!);
    for (let i = L - 1; i >= 1; i--) P[i] = matmul(P[i + 1]!, layer(theta, i + 1), n[L]!, n[i + 1]!, n[i]!);
    return { P, Q };
  };

  const phi = (theta: Float64Array): Float64Array => {
    let z: Float64Array = layer(theta, 1).slice();
    for (let i = 2; i <= L; i++) z = matmul(layer(theta, i), z, n[i]!, n[i - 1]!, n[0]!);
    return z;
  };

  const jvp = (theta: Float64Array, v: Float64Array): Float64Array => {
    const { P, Q } = partials(theta);
    const out = new Float64Array(d);
    for (let i = 1; i <= L; i++) {
      const Vi = layer(v, i);
      const VQ = matmul(Vi, Q[i]!, n[i]!, n[i - 1]!, n[0]!);
      addInto(out, matmul(P[i]!, VQ, n[L]!, n[i]!, n[0]!));
    }
    return out;
  };

  const vjpWith = (P: Float64Array[], Q: Float64Array[], g: Float64Array): Float64Array => {
    const out = new Float64Array(D);
    for (let i = 1; i <= L; i++) {
      const PtG = matmul(transpose(P[i]!, n[L]!, n[i]!), g, n[i]!, n[L]!, n[0]!);
      out.set(matmul(PtG, transpose(Q[i]!, n[i - 1]!, n[0]!), n[i]!, n[0]!, n[i - 1]!), offsets[i - 1]!);
    }
    return out;
  };

  const vjp = (theta: Float64Array, g: Float64Array): Float64Array => {
    const { P, Q } = partials(theta);
    return vjpWith(P, Q, g);
  };

  const metricProduct = (theta: Float64Array, G: Float64Array): Float64Array => {
    // Σ_i P_i (P_i^T G Q_i^T) Q_i, sharing the partial products between both halves.
    const { P, Q } = partials(theta);
    const grad = vjpWith(P, Q, G);
    const out = new Float64Array(d);
    for (let i = 1; i <= L; i++) {
      const VQ = matmul(layer(grad, i), Q[i]!, n[i]!, n[i - 1]!, n[0]!);
      addInto(out, matmul(P[i]!, VQ, n[L]!, n[i]!, n[0]!));
    }
    return out;
  };

  const jacobian = (theta: Float64Array): Float64Array => {
    // ∂z[a,b]/∂U_i[p,q] = P_i[a,p] Q_i[q,b]
    const { P, Q } = partials(theta);
    const J = new Float64Array(d * D);
    for (let i = 1; i <= L; i++) {
      const ni = n[i]!;
      const nim = n[i - 1]!;
      const Pi = P[i]!;
      const Qi = Q[i]!;
      for (let a = 0; a < rowsOut; a++) {
        for (let b = 0; b < colsIn; b++) {
          const row = (a * colsIn + b) * D + offsets[i - 1]!;
          for (let p = 0; p < ni; p++) {
            const pap = Pi[a * ni + p]!;
            for (let q = 0; q < nim; q++) J[row + p * nim + q] = pap * Qi[q * colsIn + b]!;
          }
        }
      }
    }
    return J;
  };

  const polynomials = (): Polynomial[] => {
    let z = variableMatrix(D, offsets[0]!, n[1]!, n[0]!);
    for (let i = 2; i <= L; i++) z = polyMatmul(D, variableMatrix(D, offsets[i - 1]!, n[i]!, n[i - 1]!), z);
    return z.entries;
  };

  const knownLaws = (): Polynomial[] => {
    const laws: Polynomial[] = [];
    for (let i = 1; i < L; i++) {
      const Ui = variableMatrix(D, offsets[i - 1]!, n[i]!, n[i - 1]!);
      const Un = variableMatrix(D, offsets[i]!, n[i + 1]!, n[i]!);
      const A = polyMatmul(D, polyTranspose(Un), Un);
      const B = polyMatmul(D, Ui, polyTranspose(Ui));
      const m = n[i]!;
      for (let r = 0; r < m; r++)
        for (let c = r; c < m; c++) laws.push(A.entries[r * m + c]!.sub(B.entries[r * m + c]!));
    }
    return laws;
  };

  const lawValues = (theta: Float64Array): Float64Array => {
    const out: number[] = [];
    for (let i = 1; i < L; i++) {
      const m = n[i]!;
      const Ui = layer(theta, i);
      const Un = layer(theta, i + 1);
      const A = matmul(transpose(Un, n[i + 1]!, m), Un, m, n[i + 1]!, m);
      const B = matmul(Ui, transpose(Ui, m, n[i - 1]!), m, n[i - 1]!, m);
      for (let r = 0; r < m; r++) for (let c = r; c < m; c++) out.push(A[r * m + c]! - B[r * m + c]!);
    }
    return Float64Array.from(out);
  };

  return buildLifting({
    name: `matrixProduct[${n.join(',')}]`,
    D,
    d,
    paramNames,
    zLabels,
    phi,
    jvp,
    vjp,
    jacobian,
    metricProduct,
    polynomials,
    knownLaws,
    lawValues,
  });
}
