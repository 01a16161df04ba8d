import { type AttentionShape, parseAttentionSpec } from '@idyn/lifting';

/** Result of {@link attentionLawCount}. */
export interface AttentionLawCountResult {
  /** Number of parameters D = H (2dk + dv + ev). */
  readonly D: number;
  /** Number of independent conservation laws of the whole layer. */
  readonly laws: number;
  /** Laws of the query-key factorisation W_Q W_Kᵀ (functional rank of W_Qᵀ W_Q − W_Kᵀ W_K). */
  readonly queryKey: number;
  /** Laws of the value-output factorisation W_O W_Vᵀ (functional rank of W_Oᵀ W_O − W_Vᵀ W_V). */
  readonly valueOutput: number;
  /** Σ over heads of each head's own laws (what the count would be if heads did not interact). */
  readonly perHead: number;
  /** laws − perHead: the laws that couple two heads. */
  readonly crossHead: number;
  /** dim Lie = D − laws. */
  readonly lieDim: number;
}

/**
 * Number of independent quadratic invariants of a two-layer factorisation Xᵀ X − Yᵀ Y with X ∈
 * R^{n×r}, Y ∈ R^{m×r}, s = n + m (derived): r(r+1)/2 when r ≤ s (the symmetric r × r matrix is
 * generic), else the dimension r s − s(s − 1)/2 of the symmetric matrices of rank ≤ s.
 */
function gramLaws(s: number, r: number): number {
  return r <= s ? (r * (r + 1)) / 2 : r * s - (s * (s - 1)) / 2;
}

/**
 * The number of conservation laws of (multi-head) attention in closed form (MATH.md §7, derived):
 * H heads that add up are one head with the concatenated W_Q = [W_Q^1 … W_Q^H] ∈ R^{d×Hk} (and K, V,
 * O likewise), i.e. two independent two-layer linear factorisations, widths [d, Hk, d] and [d, Hv, e]. Their
 * laws are the Gram differences W_Qᵀ W_Q − W_Kᵀ W_K and W_Oᵀ W_O − W_Vᵀ W_V (complete for two-layer
 * linear networks, MATH.md §2), whose number of independent entries is r(r+1)/2 for an r × r Gram
 * difference with r ≤ n + m rows, and r(n+m) − (n+m)(n+m−1)/2 beyond. So
 * laws = N(2d, Hk) + N(d + e, Hv), which exceeds the per-head sum H (k(k+1)/2 + v(v+1)/2): the cross-head
 * blocks W_Q^hᵀ W_Q^{h'} − W_K^hᵀ W_K^{h'} are laws too.
 *
 * Checked against exact counts (`countLaws` blind on `attentionLifting` and on the same polynomials
 * written as text) in this package's tests.
 *
 * @param shape - `{ d, k, v, e, heads? }` or a spec `attention:d:k:v:e[:heads]`
 * @returns the counts; see {@link AttentionLawCountResult}
 * @throws RangeError/TypeError as `parseAttentionSpec` / `attentionLifting` for a bad shape
 * @example
 * attentionLawCount({ d: 3, k: 2, v: 2, e: 3 }); // { D: 24, laws: 6, queryKey: 3, valueOutput: 3, perHead: 6, crossHead: 0, lieDim: 18 }
 * attentionLawCount('attention:2:1:1:2:2').crossHead; // 2 (one per Gram difference)
 * @see MATH.md §7 (attention)
 */
export function attentionLawCount(shape: AttentionShape | string): AttentionLawCountResult {
  const fn = 'attentionLawCount';
  const s = typeof shape === 'string' ? parseAttentionSpec(shape) : shape;
  if (s === null || typeof s !== 'object') {
    throw new TypeError(`${fn}: shape must be { d, k, v, e, heads? } or a spec string, got ${String(s)}`);
  }
  const size = (name: string, x: unknown): number => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1) {
      throw new RangeError(`${fn}: shape.${name} must be an integer >= 1, got ${String(x)}`);
    }
    return x;
  };
  const d = size('d', s.d);
  const k = size('k', s.k);
  const v = size('v', s.v);
  const e = size('e', s.e);
  const H = s.heads === undefined ? 1 : size('heads', s.heads);
  const D = H * (2 * d * k + d * v + e * v);
  const queryKey = gramLaws(2 * d, H * k);
  const valueOutput = gramLaws(d + e, H * v);
  const laws = queryKey + valueOutput;
  const perHead = H * (gramLaws(2 * d, k) + gramLaws(d + e, v));
  return { D, laws, queryKey, valueOutput, perHead, crossHead: laws - perHead, lieDim: D - laws };
}
