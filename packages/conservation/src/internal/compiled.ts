/**
 * Polynomials compiled for fast exact evaluation modulo a prime at one point: value, gradient and
 * Hessian, all as residues in [0, p). This is an evaluator, not a polynomial algebra: symbolic work
 * (derivatives, brackets) is done by `@idyn/poly`; this form only reads the terms once.
 *
 * Invariant: p < 2^26, so every product of two residues is < 2^52 and exact in float64; every
 * product is reduced before it is added, and sums are reduced before they can reach 2^53.
 */

/**
 * A sparse vector of residues: entries `val[k]` at indices `idx[k]` for k < n (values nonzero).
 * The arrays may be longer than n (shared scratch buffers).
 */
export interface SparseVec {
  readonly n: number;
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

/** A sparse matrix of residues in coordinate form, grouped by row (rows increasing). */
export interface SparseMat {
  /** Distinct row indices having entries, increasing. */
  readonly rows: Int32Array;
  /** `ptr[k]..ptr[k+1]` are the entries of row `rows[k]`. */
  readonly ptr: Int32Array;
  readonly cols: Int32Array;
  readonly val: Float64Array;
}

/** One term before compilation: coefficient (a residue) and (variable, exponent) pairs. */
export interface ModTerm {
  readonly coef: number;
  readonly vars: readonly number[];
  readonly exps: readonly number[];
}

/**
 * A polynomial as a range [t0, t1) of terms in flat arrays that may be shared by a whole family
 * (one allocation for thousands of path monomials); term t uses `vars/exps[start[t]..start[t+1])`.
 */
export interface CompiledPolynomial {
  readonly t0: number;
  readonly t1: number;
  readonly coef: Float64Array;
  readonly start: Int32Array;
  readonly vars: Int32Array;
  readonly exps: Int32Array;
}

/** Compiles a family of polynomials (given as term lists) into shared flat arrays. */
export function compileFamily(family: readonly (readonly ModTerm[])[]): CompiledPolynomial[] {
  let nt = 0;
  let nf = 0;
  for (const terms of family) {
    for (const t of terms) {
      if (t.coef !== 0) {
        nt++;
        nf += t.vars.length;
      }
    }
  }
  const coef = new Float64Array(nt);
  const start = new Int32Array(nt + 1);
  const vars = new Int32Array(nf);
  const exps = new Int32Array(nf);
  const out: CompiledPolynomial[] = [];
  let t = 0;
  let k = 0;
  for (const terms of family) {
    const t0 = t;
    for (const term of terms) {
      if (term.coef === 0) continue;
      coef[t] = term.coef;
      start[t] = k;
      for (let j = 0; j < term.vars.length; j++) {
        vars[k] = term.vars[j]!;
        exps[k] = term.exps[j]!;
        k++;
      }
      t++;
    }
    out.push({ t0, t1: t, coef, start, vars, exps });
  }
  start[t] = k;
  return out;
}

/** Compiles one polynomial. */
export function compileTerms(terms: readonly ModTerm[]): CompiledPolynomial {
  return compileFamily([terms])[0] as CompiledPolynomial;
}

function powMod(x: number, e: number, p: number): number {
  let r = 1;
  for (let i = 0; i < e; i++) r = (r * x) % p;
  return r;
}

/**
 * Scratch space for accumulating sparse results over D coordinates: a dense accumulator plus the
 * list of touched indices, cleared after each use in O(touched).
 */
export class Accumulator {
  readonly acc: Float64Array;
  readonly mark: Uint8Array;
  readonly touched: Int32Array;
  readonly outIdx: Int32Array;
  readonly outVal: Float64Array;
  count = 0;

  constructor(n: number) {
    this.acc = new Float64Array(n);
    this.mark = new Uint8Array(n);
    this.touched = new Int32Array(Math.max(16, n));
    this.outIdx = new Int32Array(Math.max(16, n));
    this.outVal = new Float64Array(Math.max(16, n));
  }

  /** acc[i] += x, where x is a residue; acc stays below 2^53 because it is reduced on overflow risk. */
  add(i: number, x: number, p: number): void {
    if (this.mark[i] === 0) {
      this.mark[i] = 1;
      this.touched[this.count++] = i;
      this.acc[i] = x;
    } else {
      const s = this.acc[i]! + x;
      this.acc[i] = s >= p ? s - p : s;
    }
  }

  /** Returns the nonzero entries as a new sparse vector and clears the scratch. */
  flush(): SparseVec {
    const v = this.flushShared();
    return { n: v.n, idx: v.idx.slice(0, v.n), val: v.val.slice(0, v.n) };
  }

  /**
   * Like {@link flush} but into buffers owned by the accumulator: the result is valid only until
   * the next flush (copy it with {@link copyVec} to keep it).
   */
  flushShared(): SparseVec {
    const n = this.count;
    const t = this.touched;
    const idx = this.outIdx;
    const val = this.outVal;
    let nnz = 0;
    for (let k = 0; k < n; k++) {
      const i = t[k]!;
      const a = this.acc[i]!;
      if (a !== 0) {
        idx[nnz] = i;
        val[nnz] = a;
        nnz++;
      }
      this.acc[i] = 0;
      this.mark[i] = 0;
    }
    this.count = 0;
    return { n: nnz, idx, val };
  }
}

/** An owned copy of a sparse vector. */
export function copyVec(v: SparseVec): SparseVec {
  return { n: v.n, idx: v.idx.slice(0, v.n), val: v.val.slice(0, v.n) };
}

/** Value of `f` at `x` (residues), mod p. */
export function evaluateCompiled(f: CompiledPolynomial, x: Float64Array, p: number): number {
  let total = 0;
  for (let t = f.t0; t < f.t1; t++) {
    let m = f.coef[t]!;
    for (let k = f.start[t]!; k < f.start[t + 1]!; k++) {
      m = (m * powMod(x[f.vars[k]!]!, f.exps[k]!, p)) % p;
    }
    total += m;
    if (total >= p) total -= p;
  }
  return total;
}

const PRE = new Float64Array(64);
const FAC = new Float64Array(64);
const DFAC = new Float64Array(64);

/**
 * Gradient of `f` at `x` mod p, accumulated into `out` (which the caller flushes).
 * Per term c·prod x_v^e_v: d/dx_u = c·e_u·x_u^(e_u-1)·prod_{v≠u} x_v^e_v, computed with prefix and
 * suffix products so that no inverse is needed (x_u may be 0).
 */
export function gradientCompiled(f: CompiledPolynomial, x: Float64Array, p: number, out: Accumulator): void {
  const pre = PRE;
  const fac = FAC;
  const dfac = DFAC;
  for (let t = f.t0; t < f.t1; t++) {
    const s0 = f.start[t]!;
    const s = f.start[t + 1]! - s0;
    if (s === 0) continue;
    const F = s > 63 ? new Float64Array(s + 1) : fac;
    const G = s > 63 ? new Float64Array(s + 1) : dfac;
    const P = s > 63 ? new Float64Array(s + 1) : pre;
    for (let k = 0; k < s; k++) {
      const xv = x[f.vars[s0 + k]!]!;
      const e = f.exps[s0 + k]!;
      const q = powMod(xv, e - 1, p);
      F[k] = (q * xv) % p;
      G[k] = (q * (e % p)) % p;
    }
    P[0] = f.coef[t]!;
    for (let k = 0; k < s; k++) P[k + 1] = (P[k]! * F[k]!) % p;
    let suf = 1;
    for (let k = s - 1; k >= 0; k--) {
      const d = (((P[k]! * suf) % p) * G[k]!) % p;
      if (d !== 0) out.add(f.vars[s0 + k]!, d, p);
      suf = (suf * F[k]!) % p;
    }
  }
}

/**
 * Hessian of `f` at `x` mod p as (row, col, value) triples, duplicates already summed, every
 * ordered pair listed (the matrix is symmetric). Per term: the mixed derivative of c·prod x_v^e_v
 * in x_u, x_w (u ≠ w) is c·e_u x_u^(e_u-1)·e_w x_w^(e_w-1)·prod_{v≠u,w} x_v^e_v, and the pure one
 * is c·e_u(e_u-1) x_u^(e_u-2)·prod_{v≠u} x_v^e_v.
 */
export function hessianCompiled(f: CompiledPolynomial, x: Float64Array, p: number): SparseMat {
  const entries = new Map<number, number>();
  const D1 = 2 ** 21; // key = u * D1 + w, exact for D < 2^21
  for (let t = f.t0; t < f.t1; t++) {
    const s0 = f.start[t]!;
    const s = f.start[t + 1]! - s0;
    const c = f.coef[t]!;
    const F = new Float64Array(s);
    const G = new Float64Array(s);
    const H = new Float64Array(s);
    for (let k = 0; k < s; k++) {
      const xv = x[f.vars[s0 + k]!]!;
      const e = f.exps[s0 + k]!;
      const q2 = e >= 2 ? powMod(xv, e - 2, p) : 0;
      const q1 = e >= 2 ? (q2 * xv) % p : 1;
      F[k] = (q1 * xv) % p;
      G[k] = (q1 * (e % p)) % p;
      H[k] = (((q2 * (e % p)) % p) * ((e - 1) % p)) % p;
    }
    for (let a = 0; a < s; a++) {
      for (let b = a; b < s; b++) {
        let m = c;
        for (let k = 0; k < s; k++) {
          if (k === a || k === b) continue;
          m = (m * F[k]!) % p;
        }
        if (a === b) m = (m * H[a]!) % p;
        else m = (((m * G[a]!) % p) * G[b]!) % p;
        if (m === 0) continue;
        const u = f.vars[s0 + a]!;
        const w = f.vars[s0 + b]!;
        const k1 = u * D1 + w;
        entries.set(k1, ((entries.get(k1) ?? 0) + m) % p);
        if (a !== b) {
          const k2 = w * D1 + u;
          entries.set(k2, ((entries.get(k2) ?? 0) + m) % p);
        }
      }
    }
  }
  const keys = [...entries.entries()].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
  return buildMat(keys.map(([k, v]) => [Math.floor(k / D1), k % D1, v] as const));
}

/** Groups sorted (row, col, value) triples into a {@link SparseMat}. */
export function buildMat(triples: readonly (readonly [number, number, number])[]): SparseMat {
  const rows: number[] = [];
  const ptr: number[] = [];
  const cols = new Int32Array(triples.length);
  const val = new Float64Array(triples.length);
  let last = -1;
  triples.forEach(([r, c, v], k) => {
    if (r !== last) {
      rows.push(r);
      ptr.push(k);
      last = r;
    }
    cols[k] = c;
    val[k] = v;
  });
  ptr.push(triples.length);
  return { rows: Int32Array.from(rows), ptr: Int32Array.from(ptr), cols, val };
}
