import type { Polynomial } from '@idyn/poly';
import type { Lifting, SparseJacobian } from './Lifting.js';
import { buildLifting } from './internal/buildLifting.js';
import { gramDifferenceUpperValues, matmul, transpose } from './internal/dense.js';
import {
  gramDifferenceUpper,
  type PolyMatrix,
  polyMatmul,
  polyTranspose,
  variableMatrix,
} from './internal/polyMatrix.js';
import { checkInteger, describeValue } from '@idyn/linalg';
import { parseAttentionSpec } from './parseAttentionSpec.js';

/** The sizes of an attention lifting (see {@link attentionLifting}). */
export interface AttentionShape {
  /** Model (token) dimension d: W_Q, W_K, W_V have d rows. */
  readonly d: number;
  /** Query/key dimension k per head: W_Q, W_K ∈ R^{d×k}. */
  readonly k: number;
  /** Value dimension v per head: W_V ∈ R^{d×v}, W_O ∈ R^{e×v}. */
  readonly v: number;
  /** Output dimension e: W_O has e rows. */
  readonly e: number;
  /**
   * Number of heads H; their contributions add up.
   * @default 1
   */
  readonly heads?: number;
}

/**
 * The lifting of (multi-head) self-attention, φ = (Σ_h W_Q^h W_K^hᵀ, Σ_h W_O^h W_V^hᵀ): an
 * attention layer depends on its weights only through the bilinear form A = W_Q W_Kᵀ ∈ R^{d×d} (the
 * attention scores x_iᵀ A x_j) and the value-output map B = W_O W_Vᵀ ∈ R^{e×d}, whatever the data and
 * the softmax.
 *
 * θ layout (D = H (2dk + dv + ev)): head after head; within head h, W_Q^h (d×k), W_K^h (d×k),
 * W_V^h (d×v), W_O^h (e×v), each row-major. Parameter names `Q_i_a`, `K_i_a`, `V_i_c`, `O_j_c`
 * for one head and `Q<h>_i_a`, … with the head number h = 1…H for several (rows i, j and columns
 * a, c 0-based). z = (A row-major, then B row-major), d_z = d² + e d, labels `QK_i_j` and `OV_j_i`.
 *
 * Several heads add up, so H heads are one head with the concatenated W_Q = [W_Q^1 … W_Q^H] ∈
 * R^{d×Hk} (and likewise K, V, O): two two-layer factorisations of section 4.3. Known laws: the
 * entries on and above the diagonal of W_Qᵀ W_Q − W_Kᵀ W_K (Hk × Hk) and of W_Oᵀ W_O − W_Vᵀ W_V
 * (Hv × Hv) for the concatenated matrices, in that order, rows and columns ordered head by head: the
 * diagonal blocks are each head's own Gram differences (k(k+1)/2 + v(v+1)/2 per head), the blocks
 * off the diagonal the laws that couple two heads (W_Q^hᵀ W_Q^{h'} − W_K^hᵀ W_K^{h'}, …). They can be
 * dependent (when Hk > 2d, resp. Hv > d + e): count them by rank.
 *
 * Dφᵀ(G_A, G_B) = (G_A K_h, G_Aᵀ Q_h, G_Bᵀ O_h, G_B V_h)_h and
 * M(θ)[G] = (Q Qᵀ G_A + G_A K Kᵀ, O Oᵀ G_B + G_B V Vᵀ) with Q Qᵀ = Σ_h Q_h Q_hᵀ etc., never forming M.
 *
 * @param shape - `{ d, k, v, e, heads? }` or a spec string `attention:d:k:v:e[:heads]`
 *   (see {@link parseAttentionSpec})
 * @returns the lifting, with a sparse Jacobian (2Hk entries per row of A, 2Hv per row of B)
 * @throws RangeError if a size is not a positive integer or the spec string is malformed; TypeError
 *   if `shape` is neither an object nor a string
 * @example
 * const lift = attentionLifting({ d: 3, k: 2, v: 2, e: 3 });
 * [lift.D, lift.d]; // [24, 18]
 * lift.knownLaws().length; // 6 (= 3 + 3 Gram-difference entries)
 * attentionLifting('attention:2:1:1:1').phi([1, 2, 3, 4, 5, 6, 7]);
 * // Float64Array [3, 4, 6, 8, 35, 42]  (W_Q = [1; 2], W_K = [3; 4], W_V = [5; 6], W_O = [7])
 * @see MATH.md §7 (attention), §4.3 (two-layer factorisations)
 */
export function attentionLifting(shape: AttentionShape | string): Lifting {
  const fn = 'attentionLifting';
  const s = typeof shape === 'string' ? parseAttentionSpec(shape) : shape;
  if (s === null || typeof s !== 'object') {
    throw new TypeError(
      `${fn}: shape must be { d, k, v, e, heads? } or a spec string, got ${describeValue(s)}`,
    );
  }
  const d = checkInteger(fn, 'shape.d', s.d, 1);
  const k = checkInteger(fn, 'shape.k', s.k, 1);
  const v = checkInteger(fn, 'shape.v', s.v, 1);
  const e = checkInteger(fn, 'shape.e', s.e, 1);
  const H = s.heads === undefined ? 1 : checkInteger(fn, 'shape.heads', s.heads, 1);
  const nQ = d * k;
  const nV = d * v;
  const nO = e * v;
  const perHead = 2 * nQ + nV + nO;
  const D = H * perHead;
  const nA = d * d;
  const nB = e * d;
  const dz = nA + nB;
  // Offsets of W_Q^h, W_K^h, W_V^h, W_O^h in theta.
  const oQ = (h: number) => h * perHead;
  const oK = (h: number) => h * perHead + nQ;
  const oV = (h: number) => h * perHead + 2 * nQ;
  const oO = (h: number) => h * perHead + 2 * nQ + nV;

  const paramNames: string[] = [];
  for (let h = 0; h < H; h++) {
    const tag = H === 1 ? '' : String(h + 1);
    for (const [letter, rows, cols] of [
      ['Q', d, k],
      ['K', d, k],
      ['V', d, v],
      ['O', e, v],
    ] as const) {
      for (let i = 0; i < rows; i++)
        for (let a = 0; a < cols; a++) paramNames.push(`${letter}${tag}_${i}_${a}`);
    }
  }
  const zLabels: string[] = [];
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) zLabels.push(`QK_${i}_${j}`);
  for (let j = 0; j < e; j++) for (let i = 0; i < d; i++) zLabels.push(`OV_${j}_${i}`);

  const Q = (t: Float64Array, h: number) => t.subarray(oQ(h), oQ(h) + nQ);
  const K = (t: Float64Array, h: number) => t.subarray(oK(h), oK(h) + nQ);
  const V = (t: Float64Array, h: number) => t.subarray(oV(h), oV(h) + nV);
  const O = (t: Float64Array, h: number) => t.subarray(oO(h), oO(h) + nO);
  /** out[off..] += X Yᵀ for X (r×c), Y (s×c). */
  const addXYt = (
    out: Float64Array,
    off: number,
    X: Float64Array,
    Y: Float64Array,
    r: number,
    c: number,
    s2: number,
  ) => {
    const p = matmul(X, transpose(Y, s2, c), r, c, s2);
    for (let i = 0; i < p.length; i++) out[off + i]! += p[i]!;
  };

  const phi = (t: Float64Array) => {
    const z = new Float64Array(dz);
    for (let h = 0; h < H; h++) {
      addXYt(z, 0, Q(t, h), K(t, h), d, k, d);
      addXYt(z, nA, O(t, h), V(t, h), e, v, d);
    }
    return z;
  };
  const jvp = (t: Float64Array, w: Float64Array) => {
    const z = new Float64Array(dz);
    for (let h = 0; h < H; h++) {
      addXYt(z, 0, Q(w, h), K(t, h), d, k, d);
      addXYt(z, 0, Q(t, h), K(w, h), d, k, d);
      addXYt(z, nA, O(w, h), V(t, h), e, v, d);
      addXYt(z, nA, O(t, h), V(w, h), e, v, d);
    }
    return z;
  };
  const vjp = (t: Float64Array, g: Float64Array) => {
    const gA = g.subarray(0, nA);
    const gB = g.subarray(nA, dz);
    const gAt = transpose(gA, d, d);
    const gBt = transpose(gB, e, d);
    const out = new Float64Array(D);
    for (let h = 0; h < H; h++) {
      out.set(matmul(gA, K(t, h), d, d, k), oQ(h)); // ∂/∂Q_h = G_A K_h
      out.set(matmul(gAt, Q(t, h), d, d, k), oK(h)); // ∂/∂K_h = G_Aᵀ Q_h
      out.set(matmul(gBt, O(t, h), d, e, v), oV(h)); // ∂/∂V_h = G_Bᵀ O_h
      out.set(matmul(gB, V(t, h), e, d, v), oO(h)); // ∂/∂O_h = G_B V_h
    }
    return out;
  };
  const metricProduct = (t: Float64Array, G: Float64Array) => {
    const QQt = new Float64Array(d * d);
    const KKt = new Float64Array(d * d);
    const OOt = new Float64Array(e * e);
    const VVt = new Float64Array(d * d);
    for (let h = 0; h < H; h++) {
      addXYt(QQt, 0, Q(t, h), Q(t, h), d, k, d);
      addXYt(KKt, 0, K(t, h), K(t, h), d, k, d);
      addXYt(OOt, 0, O(t, h), O(t, h), e, v, e);
      addXYt(VVt, 0, V(t, h), V(t, h), d, v, d);
    }
    const gA = G.subarray(0, nA);
    const gB = G.subarray(nA, dz);
    const out = new Float64Array(dz);
    const a1 = matmul(QQt, gA, d, d, d);
    const a2 = matmul(gA, KKt, d, d, d);
    for (let i = 0; i < nA; i++) out[i] = a1[i]! + a2[i]!;
    const b1 = matmul(OOt, gB, e, e, d);
    const b2 = matmul(gB, VVt, e, d, d);
    for (let i = 0; i < nB; i++) out[nA + i] = b1[i]! + b2[i]!;
    return out;
  };
  // Row (i, j) of A: ∂A_ij/∂Q_h[i,a] = K_h[j,a], ∂A_ij/∂K_h[j,a] = Q_h[i,a] (distinct columns even
  // when i = j). Row (j, i) of B: ∂B_ji/∂O_h[j,c] = V_h[i,c], ∂B_ji/∂V_h[i,c] = O_h[j,c].
  const perRowA = 2 * H * k;
  const perRowB = 2 * H * v;
  const jacobianSparse = (t: Float64Array): SparseJacobian => {
    const nnz = nA * perRowA + nB * perRowB;
    const rowPtr = new Int32Array(dz + 1);
    const colIndex = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    let q = 0;
    let row = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++, row++) {
        rowPtr[row] = q;
        for (let h = 0; h < H; h++) {
          for (let a = 0; a < k; a++) {
            colIndex[q] = oQ(h) + i * k + a;
            values[q++] = t[oK(h) + j * k + a]!;
            colIndex[q] = oK(h) + j * k + a;
            values[q++] = t[oQ(h) + i * k + a]!;
          }
        }
      }
    }
    for (let j = 0; j < e; j++) {
      for (let i = 0; i < d; i++, row++) {
        rowPtr[row] = q;
        for (let h = 0; h < H; h++) {
          for (let c = 0; c < v; c++) {
            colIndex[q] = oO(h) + j * v + c;
            values[q++] = t[oV(h) + i * v + c]!;
            colIndex[q] = oV(h) + i * v + c;
            values[q++] = t[oO(h) + j * v + c]!;
          }
        }
      }
    }
    rowPtr[dz] = q;
    return { rows: dz, cols: D, rowPtr, colIndex, values };
  };

  /** The concatenated matrix [X^1 … X^H] (rows × H cols) of variables, X^h at offset(h). */
  const concat = (offset: (h: number) => number, rows: number, cols: number): PolyMatrix => {
    const blocks = Array.from({ length: H }, (_, h) => variableMatrix(D, offset(h), rows, cols));
    const entries: Polynomial[] = [];
    for (let i = 0; i < rows; i++)
      for (let h = 0; h < H; h++)
        for (let a = 0; a < cols; a++) entries.push(blocks[h]!.entries[i * cols + a]!);
    return { rows, cols: H * cols, entries };
  };
  const polynomials = (): Polynomial[] => [
    ...polyMatmul(D, concat(oQ, d, k), polyTranspose(concat(oK, d, k))).entries,
    ...polyMatmul(D, concat(oO, e, v), polyTranspose(concat(oV, d, v))).entries,
  ];
  const knownLaws = (): Polynomial[] => [
    ...gramDifferenceUpper(D, concat(oQ, d, k), concat(oK, d, k)),
    ...gramDifferenceUpper(D, concat(oO, e, v), concat(oV, d, v)),
  ];
  /** The concatenated numeric matrix [X^1 … X^H] (rows × H cols), X^h at offset(h) of theta. */
  const concatValues = (t: Float64Array, offset: (h: number) => number, rows: number, cols: number) => {
    const out = new Float64Array(rows * H * cols);
    for (let i = 0; i < rows; i++)
      for (let h = 0; h < H; h++)
        for (let a = 0; a < cols; a++) out[i * H * cols + h * cols + a] = t[offset(h) + i * cols + a]!;
    return out;
  };
  const lawValues = (t: Float64Array) => {
    const out: number[] = [];
    gramDifferenceUpperValues(out, concatValues(t, oQ, d, k), concatValues(t, oK, d, k), d, d, H * k);
    gramDifferenceUpperValues(out, concatValues(t, oO, e, v), concatValues(t, oV, d, v), e, d, H * v);
    return Float64Array.from(out);
  };
  return buildLifting({
    name: `attention[${d},${k},${v},${e}${H === 1 ? '' : `,${H}`}]`,
    D,
    d: dz,
    paramNames,
    zLabels,
    phi,
    jvp,
    vjp,
    metricProduct,
    jacobianSparse,
    polynomials,
    knownLaws,
    lawValues,
  });
}
