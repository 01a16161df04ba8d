import type { Rational } from '@idyn/linalg';
import { rationalAdd, rationalIsZero } from '@idyn/linalg';

/**
 * Packed term storage of a polynomial (CSR layout). Term t has the sparse monomial
 * prod_k x[vars[k]]^exps[k] for k in [off[t], off[t+1]), vars strictly increasing, exps >= 1,
 * and coefficient coef[t] != 0. Terms are sorted by {@link compareMonomials} (graded lex,
 * descending) and distinct. Never mutated after construction.
 */
export interface TermData {
  readonly nvars: number;
  readonly off: Uint32Array;
  readonly vars: Uint32Array;
  readonly exps: Uint32Array;
  readonly coef: readonly Rational[];
}

/** Largest exponent of one variable in one monomial (keys store it in one UTF-16 unit). */
export const MAX_EXPONENT = 0xffff;

export function emptyData(nvars: number): TermData {
  return { nvars, off: new Uint32Array(1), vars: new Uint32Array(0), exps: new Uint32Array(0), coef: [] };
}

/**
 * Graded lexicographic order, as a comparator that puts larger monomials first: higher total
 * degree first; at equal degree the first variable (lowest index) where exponents differ decides,
 * the larger exponent first.
 */
export function compareMonomials(
  va: ArrayLike<number>,
  ea: ArrayLike<number>,
  a0: number,
  a1: number,
  vb: ArrayLike<number>,
  eb: ArrayLike<number>,
  b0: number,
  b1: number,
): number {
  let da = 0;
  for (let k = a0; k < a1; k++) da += ea[k]!;
  let db = 0;
  for (let k = b0; k < b1; k++) db += eb[k]!;
  if (da !== db) return db - da;
  let i = a0;
  let j = b0;
  while (i < a1 && j < b1) {
    const x = va[i]!;
    const y = vb[j]!;
    if (x !== y) return x < y ? -1 : 1;
    const ex = ea[i]!;
    const ey = eb[j]!;
    if (ex !== ey) return ey - ex;
    i++;
    j++;
  }
  // Equal degrees and a common prefix: both exhausted together (equal) by the degree argument.
  return i < a1 ? -1 : j < b1 ? 1 : 0;
}

/** Hash key of a sparse monomial: two (or, for nvars > 65535, three) UTF-16 units per factor. */
export function monomialKey(
  wide: boolean,
  vars: ArrayLike<number>,
  exps: ArrayLike<number>,
  s: number,
  e: number,
): string {
  let key = '';
  if (wide) {
    for (let k = s; k < e; k++) {
      const v = vars[k]!;
      key += String.fromCharCode(v >>> 16, v & 0xffff, exps[k]!);
    }
  } else {
    for (let k = s; k < e; k++) key += String.fromCharCode(vars[k]!, exps[k]!);
  }
  return key;
}

/**
 * Collects terms (monomial + rational coefficient), summing equal monomials, then emits sorted
 * {@link TermData} without zero coefficients.
 */
export class TermAccumulator {
  private readonly wide: boolean;
  private readonly index = new Map<string, number>();
  private readonly off: number[] = [0];
  private readonly vars: number[] = [];
  private readonly exps: number[] = [];
  private readonly coef: Rational[] = [];

  constructor(readonly nvars: number) {
    this.wide = nvars > 0xffff;
  }

  /** Number of distinct monomials added since construction or the last reset. */
  get count(): number {
    return this.coef.length;
  }

  /** Empties the accumulator so it can be reused (saves allocations in hot loops). */
  reset(): void {
    this.index.clear();
    this.off.length = 1;
    this.vars.length = 0;
    this.exps.length = 0;
    this.coef.length = 0;
  }

  /** Adds `c * monomial(vars[s..e), exps[s..e))` (vars strictly increasing). */
  add(vars: ArrayLike<number>, exps: ArrayLike<number>, s: number, e: number, c: Rational): void {
    const key = monomialKey(this.wide, vars, exps, s, e);
    const slot = this.index.get(key);
    if (slot !== undefined) {
      this.coef[slot] = rationalAdd(this.coef[slot]!, c);
      return;
    }
    this.index.set(key, this.coef.length);
    for (let k = s; k < e; k++) {
      this.vars.push(vars[k]!);
      this.exps.push(exps[k]!);
    }
    this.off.push(this.vars.length);
    this.coef.push(c);
  }

  /** Sorted, zero-free packed terms (copies; the accumulator may be reset afterwards). */
  finish(): TermData {
    const n = this.coef.length;
    if (n === 0) return emptyData(this.nvars);
    const order: number[] = [];
    for (let t = 0; t < n; t++) if (!rationalIsZero(this.coef[t]!)) order.push(t);
    const { off, vars, exps } = this;
    order.sort((a, b) =>
      compareMonomials(vars, exps, off[a]!, off[a + 1]!, vars, exps, off[b]!, off[b + 1]!),
    );
    return pack(this.nvars, order, off, vars, exps, this.coef);
  }
}

/** Copies the selected terms, in the given order, into packed typed arrays. */
export function pack(
  nvars: number,
  order: readonly number[],
  off: ArrayLike<number>,
  vars: ArrayLike<number>,
  exps: ArrayLike<number>,
  coef: readonly Rational[],
): TermData {
  let total = 0;
  for (const t of order) total += off[t + 1]! - off[t]!;
  const o = new Uint32Array(order.length + 1);
  const v = new Uint32Array(total);
  const x = new Uint32Array(total);
  const c: Rational[] = new Array(order.length);
  let k = 0;
  order.forEach((t, i) => {
    for (let q = off[t]!; q < off[t + 1]!; q++, k++) {
      v[k] = vars[q]!;
      x[k] = exps[q]!;
    }
    o[i + 1] = k;
    c[i] = coef[t]!;
  });
  return { nvars, off: o, vars: v, exps: x, coef: c };
}

/**
 * Writes the product of monomial a[as..ae) and monomial b[bs..be) into the scratch arrays from
 * position 0; returns the number of factors written. Exponents are checked against MAX_EXPONENT.
 */
export function multiplyMonomials(
  av: ArrayLike<number>,
  ae: ArrayLike<number>,
  as: number,
  aend: number,
  bv: ArrayLike<number>,
  be: ArrayLike<number>,
  bs: number,
  bend: number,
  outV: number[] | Uint32Array,
  outE: number[] | Uint32Array,
): number {
  let i = as;
  let j = bs;
  let n = 0;
  while (i < aend && j < bend) {
    const x = av[i]!;
    const y = bv[j]!;
    if (x === y) {
      const e = ae[i]! + be[j]!;
      if (e > MAX_EXPONENT) throw new RangeError(`Polynomial: exponent ${e} exceeds ${MAX_EXPONENT}`);
      outV[n] = x;
      outE[n++] = e;
      i++;
      j++;
    } else if (x < y) {
      outV[n] = x;
      outE[n++] = ae[i++]!;
    } else {
      outV[n] = y;
      outE[n++] = be[j++]!;
    }
  }
  while (i < aend) {
    outV[n] = av[i]!;
    outE[n++] = ae[i++]!;
  }
  while (j < bend) {
    outV[n] = bv[j]!;
    outE[n++] = be[j++]!;
  }
  return n;
}
