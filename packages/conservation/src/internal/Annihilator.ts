import { modInv } from '@idyn/linalg';
import type { SparseVec } from './compiled.js';

/**
 * Incremental rank over GF(p) kept through the annihilator of the span instead of an echelon form
 * of the span itself.
 *
 * Invariant: the `slots` active rows n_1..n_m (m = D - rank) form a basis of
 * {n : <n, v> = 0 for every kept v}. A vector v is in the span of the kept vectors iff N v = 0
 * (the span is the annihilator of its annihilator). Testing a sparse v costs O(m · nnz(v)), which
 * is tiny when the rank is close to D — the regime of conservation-law counting, where m is the
 * number of laws. Adding an independent v: pick a row j with s_j = <n_j, v> ≠ 0 (the sparsest, to
 * limit fill-in), replace every other row n_i by n_i - (s_i / s_j) n_j (now orthogonal to v) and
 * drop n_j: the remaining m - 1 rows are independent and annihilate the new span.
 *
 * Storage is column-major (column c holds the c-th coordinate of every active row) so that N v
 * streams through memory.
 */
export class Annihilator {
  readonly dim: number;
  readonly prime: number;
  #active: number;
  readonly #cols: Float64Array[];
  readonly #nnz: Int32Array;
  readonly #s: Float64Array;

  constructor(dim: number, prime: number) {
    this.dim = dim;
    this.prime = prime;
    this.#active = dim;
    this.#cols = [];
    for (let c = 0; c < dim; c++) {
      const col = new Float64Array(dim);
      col[c] = 1;
      this.#cols.push(col);
    }
    this.#nnz = new Int32Array(dim).fill(1);
    this.#s = new Float64Array(dim);
  }

  get rank(): number {
    return this.dim - this.#active;
  }

  /** s = N v mod p into the scratch; returns the number of nonzero entries. */
  #apply(v: SparseVec): number {
    const m = this.#active;
    const s = this.#s;
    const p = this.prime;
    s.fill(0, 0, m);
    const nv = v.n;
    for (let k = 0; k < nv; k++) {
      const col = this.#cols[v.idx[k]!] as Float64Array;
      const x = v.val[k]!;
      for (let i = 0; i < m; i++) {
        const a = col[i]!;
        if (a !== 0) {
          const t = s[i]! + ((a * x) % p);
          s[i] = t >= p ? t - p : t;
        }
      }
    }
    let nz = 0;
    for (let i = 0; i < m; i++) if (s[i] !== 0) nz++;
    return nz;
  }

  /** Whether v lies in the span of the vectors added so far. */
  contains(v: SparseVec): boolean {
    return this.#apply(v) === 0;
  }

  /** Adds v if independent; returns true iff the rank went up. */
  add(v: SparseVec): boolean {
    if (this.#active === 0 || v.n === 0) return false;
    if (this.#apply(v) === 0) return false;
    const m = this.#active;
    const s = this.#s;
    const p = this.prime;
    let j = -1;
    for (let i = 0; i < m; i++) {
      if (s[i] !== 0 && (j < 0 || this.#nnz[i]! < this.#nnz[j]!)) j = i;
    }
    const inv = modInv(s[j]!, p);
    // f_i = s_i / s_j for the rows to update.
    const upd: number[] = [];
    const fac: number[] = [];
    for (let i = 0; i < m; i++) {
      if (i !== j && s[i] !== 0) {
        upd.push(i);
        fac.push(p - ((s[i]! * inv) % p));
      }
    }
    const nnz = this.#nnz;
    const nu = upd.length;
    if (nu > 0) {
      for (let c = 0; c < this.dim; c++) {
        const col = this.#cols[c] as Float64Array;
        const b = col[j]!;
        if (b === 0) continue;
        for (let q = 0; q < nu; q++) {
          const i = upd[q]!;
          const old = col[i]!;
          const y = (old + ((fac[q]! * b) % p)) % p;
          col[i] = y;
          if (old === 0) {
            if (y !== 0) nnz[i] = nnz[i]! + 1;
          } else if (y === 0) nnz[i] = nnz[i]! - 1;
        }
      }
    }
    // Drop row j: move the last active row into slot j.
    const last = m - 1;
    if (j !== last) {
      for (let c = 0; c < this.dim; c++) {
        const col = this.#cols[c] as Float64Array;
        col[j] = col[last]!;
      }
      nnz[j] = nnz[last]!;
    }
    for (let c = 0; c < this.dim; c++) (this.#cols[c] as Float64Array)[last] = 0;
    this.#active = last;
    return true;
  }

  /** The active annihilator rows as dense residue vectors (a basis of the orthogonal complement). */
  rows(): Float64Array[] {
    const out: Float64Array[] = [];
    for (let i = 0; i < this.#active; i++) {
      const r = new Float64Array(this.dim);
      for (let c = 0; c < this.dim; c++) r[c] = (this.#cols[c] as Float64Array)[i]!;
      out.push(r);
    }
    return out;
  }
}
