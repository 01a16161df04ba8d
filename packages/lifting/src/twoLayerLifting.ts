import { checkWidths } from '@idyn/linalg';
import type { Polynomial } from '@idyn/poly';
import type { Lifting } from './Lifting.js';
import { buildLifting } from './internal/buildLifting.js';
import { matmul, transpose } from './internal/dense.js';
import { polyMatmul, polyTranspose, variableMatrix } from './internal/polyMatrix.js';

/**
 * The lifting of a two-layer linear network, z = U V^T, with U ∈ R^{n x r}, V ∈ R^{m x r},
 * z ∈ R^{n x m}: widths `[m, r, n]` (m inputs, r hidden, n outputs; the (n, r, m) of MATH.md).
 *
 * theta = (U row-major, V row-major), D = r (n + m); z row-major, d = n m. Parameter names
 * `U_<row>_<col>` and `V_<row>_<col>`, z labels `z_<row>_<col>`.
 *
 * This is {@link matrixProductLifting}`([m, r, n])` with U_1 = V^T and U_2 = U, up to the
 * permutation of theta that transposes V. Dphi^T G = (G V, G^T U) and
 * M(theta)[G] = U U^T G + G V V^T. Known laws: the entries on and above the diagonal of
 * U^T U − V^T V (r (r + 1) / 2 of them).
 *
 * @param widths - `[m, r, n]`, input first: m columns of z (inputs), r inner width, n rows of z
 *   (outputs), positive integers
 * @returns the lifting
 * @throws TypeError if `widths` is not an array; RangeError if it has not 3 entries or one is not a
 *   positive integer
 * @example
 * const lift = twoLayerLifting([2, 1, 2]);
 * lift.D; // 4
 * lift.phi([1, 2, 3, 4]); // Float64Array [3, 4, 6, 8]  (U = [1; 2], V = [3; 4])
 * @see MATH.md §1 (other liftings), §4.3 (two-layer linear flows)
 */
export function twoLayerLifting(widths: readonly number[]): Lifting {
  const [m, r, n] = checkWidths('twoLayerLifting', 'widths', widths, 3) as [number, number, number];
  const nU = n * r;
  const D = nU + m * r;
  const d = n * m;
  const paramNames: string[] = [];
  for (let a = 0; a < n; a++) for (let k = 0; k < r; k++) paramNames.push(`U_${a}_${k}`);
  for (let b = 0; b < m; b++) for (let k = 0; k < r; k++) paramNames.push(`V_${b}_${k}`);
  const zLabels: string[] = [];
  for (let a = 0; a < n; a++) for (let b = 0; b < m; b++) zLabels.push(`z_${a}_${b}`);
  const U = (t: Float64Array) => t.subarray(0, nU);
  const V = (t: Float64Array) => t.subarray(nU, D);

  const phi = (t: Float64Array) => matmul(U(t), transpose(V(t), m, r), n, r, m);
  const jvp = (t: Float64Array, v: Float64Array) => {
    const out = matmul(U(v), transpose(V(t), m, r), n, r, m);
    const b = matmul(U(t), transpose(V(v), m, r), n, r, m);
    for (let i = 0; i < d; i++) out[i]! += b[i]!;
    return out;
  };
  const vjp = (t: Float64Array, g: Float64Array) => {
    const out = new Float64Array(D);
    out.set(matmul(g, V(t), n, m, r), 0);
    out.set(matmul(transpose(g, n, m), U(t), m, n, r), nU);
    return out;
  };
  const metricProduct = (t: Float64Array, G: Float64Array) => {
    const u = U(t);
    const v = V(t);
    const out = matmul(matmul(u, transpose(u, n, r), n, r, n), G, n, n, m);
    const b = matmul(G, matmul(v, transpose(v, m, r), m, r, m), n, m, m);
    for (let i = 0; i < d; i++) out[i]! += b[i]!;
    return out;
  };
  const polynomials = (): Polynomial[] =>
    polyMatmul(D, variableMatrix(D, 0, n, r), polyTranspose(variableMatrix(D, nU, m, r))).entries;
  const knownLaws = (): Polynomial[] => {
    const Um = variableMatrix(D, 0, n, r);
    const Vm = variableMatrix(D, nU, m, r);
    const A = polyMatmul(D, polyTranspose(Um), Um);
    const B = polyMatmul(D, polyTranspose(Vm), Vm);
    const laws: Polynomial[] = [];
    for (let i = 0; i < r; i++)
      for (let j = i; j < r; j++) laws.push(A.entries[i * r + j]!.sub(B.entries[i * r + j]!));
    return laws;
  };
  const lawValues = (t: Float64Array) => {
    const A = matmul(transpose(U(t), n, r), U(t), r, n, r);
    const B = matmul(transpose(V(t), m, r), V(t), r, m, r);
    const out: number[] = [];
    for (let i = 0; i < r; i++) for (let j = i; j < r; j++) out.push(A[i * r + j]! - B[i * r + j]!);
    return Float64Array.from(out);
  };
  return buildLifting({
    name: `twoLayer[${m},${r},${n}]`,
    D,
    d,
    paramNames,
    zLabels,
    phi,
    jvp,
    vjp,
    metricProduct,
    polynomials,
    knownLaws,
    lawValues,
  });
}
