import type { Rational } from '@idyn/linalg';
import {
  PRIME,
  rational,
  rationalAdd,
  rationalEquals,
  rationalIsZero,
  rationalMul,
  rationalNeg,
  rationalSub,
  rationalToMod,
  rationalToNumber,
} from '@idyn/linalg';
import { assertPrime, toRational } from './internal/checks.js';
import { formatTerms } from './internal/format.js';
import {
  compareMonomials,
  emptyData,
  MAX_EXPONENT,
  multiplyMonomials,
  pack,
  type TermData,
  TermAccumulator,
} from './internal/terms.js';

/** A coefficient as accepted by the constructors: a `Rational`, a bigint or a safe integer. */
export type RationalLike = Rational | bigint | number;

/**
 * One term of a polynomial in sparse form: `coefficient * prod_k x[variables[k]] ^ exponents[k]`.
 * In terms returned by {@link Polynomial.terms}, `variables` is strictly increasing and every
 * exponent is at least 1; the constant term has empty arrays.
 */
export interface PolynomialTerm {
  /** The exact coefficient (never zero in returned terms). */
  readonly coefficient: Rational;
  /** Indices (0-based) of the variables that occur. */
  readonly variables: readonly number[];
  /** Their exponents, same length as `variables`. */
  readonly exponents: readonly number[];
}

/**
 * A term as accepted by {@link Polynomial.fromTerms}: either sparse (`variables` and `exponents`
 * of equal length; repeated variables multiply) or dense (`exponents` of length nvars, no
 * `variables`).
 */
export interface PolynomialTermInput {
  /** The coefficient. */
  readonly coefficient: RationalLike;
  /** Variable indices; omit to give a dense exponent vector. */
  readonly variables?: readonly number[];
  /** Exponents (non-negative integers up to 65535). */
  readonly exponents: readonly number[];
}

/**
 * An immutable sparse polynomial in `nvars` variables x_0 … x_{nvars−1} (0-based indices; printed
 * 1-based as `x1 … xn` by `toString`) with exact rational
 * coefficients (BigInt).
 *
 * Terms are stored packed (sparse exponent vectors in typed arrays), distinct and sorted in graded
 * lexicographic order, largest first, so equal polynomials have identical storage and every
 * printout lists terms in the same order. Coefficient residues modulo a prime and float64
 * coefficients are cached on first use, which makes repeated {@link Polynomial.evaluateMod} and
 * {@link Polynomial.evaluate} calls cheap.
 * @example
 * const x = Polynomial.variable(2, 0);
 * const y = Polynomial.variable(2, 1);
 * const p = x.mul(y).sub(y.mul(y)); // x1*x2 - x2^2 (printed names are 1-based)
 * p.degree;                          // 2
 * p.evaluate([2, 3]);                // -3
 * @see MATH.md §0 (every lifting is polynomial), §2 (exact Lie brackets)
 */
export class Polynomial {
  /** Number of variables. */
  readonly nvars: number;
  /** @internal Packed term storage; not part of the public API. */
  readonly _data: TermData;
  private modCache: { p: number; coef: Float64Array } | undefined;
  private floatCoef: Float64Array | undefined;

  /** @internal Use the static factories; `data` must satisfy the {@link TermData} invariants. */
  constructor(data: TermData) {
    this.nvars = data.nvars;
    this._data = data;
  }

  /**
   * The zero polynomial in `nvars` variables.
   * @param nvars - number of variables, a non-negative integer
   * @returns 0
   * @throws RangeError if `nvars` is not a non-negative integer
   * @example
   * Polynomial.zero(3).isZero; // true
   */
  static zero(nvars: number): Polynomial {
    checkNvars('Polynomial.zero', nvars);
    return new Polynomial(emptyData(nvars));
  }

  /**
   * The constant polynomial `c`.
   * @param nvars - number of variables
   * @param c - the constant (Rational, bigint or safe integer)
   * @returns the constant polynomial
   * @throws RangeError if `nvars` is invalid; TypeError if `c` is not a valid coefficient
   * @example
   * Polynomial.constant(2, 5).evaluate([0, 0]); // 5
   */
  static constant(nvars: number, c: RationalLike): Polynomial {
    checkNvars('Polynomial.constant', nvars);
    const r = toRational('Polynomial.constant', 'c', c);
    if (rationalIsZero(r)) return new Polynomial(emptyData(nvars));
    return new Polynomial({
      nvars,
      off: new Uint32Array(2),
      vars: new Uint32Array(0),
      exps: new Uint32Array(0),
      coef: [r],
    });
  }

  /**
   * The coordinate polynomial x_i.
   * @param nvars - number of variables
   * @param i - the variable's index, 0 <= i < nvars
   * @returns x_i
   * @throws RangeError if `nvars` or `i` is out of range
   * @example
   * Polynomial.variable(3, 1).evaluate([4, 5, 6]); // 5
   */
  static variable(nvars: number, i: number): Polynomial {
    checkNvars('Polynomial.variable', nvars);
    checkIndex('Polynomial.variable', 'i', i, nvars);
    return new Polynomial({
      nvars,
      off: Uint32Array.of(0, 1),
      vars: Uint32Array.of(i),
      exps: Uint32Array.of(1),
      coef: [rational(1)],
    });
  }

  /**
   * Builds a polynomial from terms (equal monomials are summed, zero terms dropped).
   * @param nvars - number of variables
   * @param terms - sparse (`variables` + `exponents`) or dense (`exponents` of length nvars) terms
   * @returns the polynomial
   * @throws RangeError if a variable index, an exponent or a length is out of range;
   *   TypeError if a coefficient is invalid
   * @example
   * Polynomial.fromTerms(2, [
   *   { coefficient: 3, variables: [0, 1], exponents: [2, 1] },
   *   { coefficient: -1, exponents: [0, 2] },
   * ]).toString(); // "3*x1^2*x2 - x2^2"
   */
  static fromTerms(nvars: number, terms: readonly PolynomialTermInput[]): Polynomial {
    const fn = 'Polynomial.fromTerms';
    checkNvars(fn, nvars);
    if (!Array.isArray(terms)) throw new TypeError(`${fn}: terms must be an array, got ${typeof terms}`);
    const acc = new TermAccumulator(nvars);
    const exps = new Map<number, number>();
    terms.forEach((term, t) => {
      const c = toRational(fn, `terms[${t}].coefficient`, term.coefficient);
      exps.clear();
      const e = term.exponents;
      if (term.variables === undefined) {
        if (e.length !== nvars) {
          throw new RangeError(
            `${fn}: terms[${t}].exponents has length ${e.length}, expected nvars = ${nvars}`,
          );
        }
        for (let i = 0; i < nvars; i++) {
          checkExponent(fn, `terms[${t}].exponents[${i}]`, e[i]);
          if (e[i]! > 0) exps.set(i, e[i]!);
        }
      } else {
        const v = term.variables;
        if (v.length !== e.length) {
          throw new RangeError(
            `${fn}: terms[${t}] has ${v.length} variables but ${e.length} exponents, expected equal lengths`,
          );
        }
        for (let k = 0; k < v.length; k++) {
          checkIndex(fn, `terms[${t}].variables[${k}]`, v[k], nvars);
          checkExponent(fn, `terms[${t}].exponents[${k}]`, e[k]);
          const sum = (exps.get(v[k]!) ?? 0) + e[k]!;
          checkExponent(fn, `terms[${t}] total exponent of x${v[k]}`, sum);
          if (sum > 0) exps.set(v[k]!, sum);
        }
      }
      const vs = [...exps.keys()].sort((a, b) => a - b);
      acc.add(
        vs,
        vs.map((i) => exps.get(i)!),
        0,
        vs.length,
        c,
      );
    });
    return new Polynomial(acc.finish());
  }

  /** Number of (non-zero) terms. */
  get size(): number {
    return this._data.coef.length;
  }

  /** Whether this is the zero polynomial. */
  get isZero(): boolean {
    return this._data.coef.length === 0;
  }

  /** Total degree; −Infinity for the zero polynomial (so deg(pq) = deg p + deg q always). */
  get degree(): number {
    const { off, exps, coef } = this._data;
    if (coef.length === 0) return Number.NEGATIVE_INFINITY;
    // Graded order: the first term has the largest degree.
    let d = 0;
    for (let k = off[0]!; k < off[1]!; k++) d += exps[k]!;
    return d;
  }

  /**
   * The terms, largest first in graded lexicographic order.
   * @returns fresh term objects (sparse form)
   * @example
   * Polynomial.variable(2, 1).terms(); // [{ coefficient: 1, variables: [1], exponents: [1] }]
   */
  terms(): PolynomialTerm[] {
    const { off, vars, exps, coef } = this._data;
    return coef.map((c, t) => ({
      coefficient: c,
      variables: Array.from(vars.subarray(off[t]!, off[t + 1]!)),
      exponents: Array.from(exps.subarray(off[t]!, off[t + 1]!)),
    }));
  }

  /**
   * Sum `this + q`.
   * @param q - a polynomial with the same nvars
   * @returns the sum
   * @throws RangeError if the numbers of variables differ
   * @example
   * x.add(y).toString(); // "x1 + x2"
   */
  add(q: Polynomial): Polynomial {
    this.checkSame('add', q);
    return new Polynomial(merge(this._data, q._data, false));
  }

  /**
   * Difference `this − q`.
   * @param q - a polynomial with the same nvars
   * @returns the difference
   * @throws RangeError if the numbers of variables differ
   * @example
   * x.sub(x).isZero; // true
   */
  sub(q: Polynomial): Polynomial {
    this.checkSame('sub', q);
    return new Polynomial(merge(this._data, q._data, true));
  }

  /**
   * Product `this · q`.
   * @param q - a polynomial with the same nvars
   * @returns the product
   * @throws RangeError if the numbers of variables differ or an exponent exceeds 65535
   * @example
   * x.add(y).mul(x.sub(y)).toString(); // "x1^2 - x2^2"
   */
  mul(q: Polynomial): Polynomial {
    this.checkSame('mul', q);
    return new Polynomial(multiply(this._data, q._data));
  }

  /**
   * Product by a scalar.
   * @param c - the scalar (Rational, bigint or safe integer)
   * @returns `c · this`
   * @throws TypeError if `c` is not a valid coefficient
   * @example
   * x.scale(rational(1, 2)).toString(); // "1/2*x1"
   */
  scale(c: RationalLike): Polynomial {
    const r = toRational('Polynomial.scale', 'c', c);
    if (rationalIsZero(r)) return new Polynomial(emptyData(this.nvars));
    const d = this._data;
    return new Polynomial({ ...d, coef: d.coef.map((a) => rationalMul(a, r)) });
  }

  /**
   * Negation `−this`.
   * @returns `−this`
   * @example
   * x.neg().evaluate([2, 0]); // -2
   */
  neg(): Polynomial {
    const d = this._data;
    return new Polynomial({ ...d, coef: d.coef.map(rationalNeg) });
  }

  /**
   * Power `this^k` by repeated squaring.
   * @param k - a non-negative integer
   * @returns `this^k` (`1` for k = 0)
   * @throws RangeError if `k` is not a non-negative integer or an exponent exceeds 65535
   * @example
   * x.add(y).pow(2).toString(); // "x1^2 + 2*x1*x2 + x2^2"
   */
  pow(k: number): Polynomial {
    if (!Number.isInteger(k) || k < 0) {
      throw new RangeError(`Polynomial.pow: k must be a non-negative integer, got ${String(k)}`);
    }
    let result = Polynomial.constant(this.nvars, 1);
    let base: Polynomial = this;
    while (k > 0) {
      if (k & 1) result = result.mul(base);
      k = Math.floor(k / 2);
      if (k > 0) base = base.mul(base);
    }
    return result;
  }

  /**
   * Partial derivative ∂/∂x_i.
   * @param i - the variable's index
   * @returns the derivative (the monomial order is preserved, so no re-sorting is needed)
   * @throws RangeError if `i` is out of range
   * @example
   * x.mul(x).mul(y).derivative(0).toString(); // "2*x1*x2"
   */
  derivative(i: number): Polynomial {
    checkIndex('Polynomial.derivative', 'i', i, this.nvars);
    return new Polynomial(differentiate(this._data, i));
  }

  /**
   * Exact equality.
   * @param q - another polynomial
   * @returns `true` iff same nvars and same terms
   * @example
   * x.mul(y).equals(y.mul(x)); // true
   */
  equals(q: Polynomial): boolean {
    const a = this._data;
    const b = q._data;
    if (a.nvars !== b.nvars || a.coef.length !== b.coef.length || a.vars.length !== b.vars.length)
      return false;
    for (let k = 0; k < a.off.length; k++) if (a.off[k] !== b.off[k]) return false;
    for (let k = 0; k < a.vars.length; k++)
      if (a.vars[k] !== b.vars[k] || a.exps[k] !== b.exps[k]) return false;
    for (let t = 0; t < a.coef.length; t++) if (!rationalEquals(a.coef[t]!, b.coef[t]!)) return false;
    return true;
  }

  /**
   * Value at a float64 point.
   * @param x - the point, length nvars
   * @returns the value (float64 arithmetic, coefficients rounded to nearest double)
   * @throws RangeError if `x` has the wrong length or a used coordinate is not finite
   * @example
   * x.mul(y).evaluate([2, 3]); // 6
   */
  evaluate(x: ArrayLike<number>): number {
    checkPoint('Polynomial.evaluate', x, this.nvars);
    const { off, vars, exps } = this._data;
    let cf = this.floatCoef;
    if (cf === undefined) {
      cf = Float64Array.from(this._data.coef, rationalToNumber);
      this.floatCoef = cf;
    }
    let sum = 0;
    const n = cf.length;
    for (let t = 0; t < n; t++) {
      let m = cf[t]!;
      for (let k = off[t]!; k < off[t + 1]!; k++) {
        const v = x[vars[k]!]!;
        const e = exps[k]!;
        m *= e === 1 ? v : e === 2 ? v * v : v ** e;
      }
      sum += m;
    }
    if (!Number.isFinite(sum)) {
      for (let k = 0; k < vars.length; k++) {
        const v = x[vars[k]!]!;
        if (!Number.isFinite(v)) {
          throw new RangeError(`Polynomial.evaluate: x[${vars[k]}] = ${v} is not a finite number`);
        }
      }
    }
    return sum;
  }

  /**
   * Value at a point of GF(p)^nvars: coefficients are reduced mod p (cached per p), arithmetic is
   * exact in doubles because p < 2^26.
   * @param x - the point, integer residues in [0, p), length nvars
   * @param p - a prime below 2^26
   * @default p = PRIME from `@idyn/linalg`
   * @returns the residue in [0, p)
   * @throws RangeError if `p` is not such a prime, `x` has the wrong length, a used coordinate is
   *   not an integer in [0, p), or `p` divides a coefficient's denominator
   * @example
   * x.mul(y).evaluateMod([3, 5], 7); // 1
   * @see MATH.md §2 (ranks at random points modulo a large prime)
   */
  evaluateMod(x: ArrayLike<number>, p: number = PRIME): number {
    checkPoint('Polynomial.evaluateMod', x, this.nvars);
    return evaluateModUnchecked(this, x, this.coefficientsMod(p), p, 'Polynomial.evaluateMod');
  }

  /** @internal Coefficient residues mod p, cached for the last p used. */
  coefficientsMod(p: number): Float64Array {
    const cache = this.modCache;
    if (cache !== undefined && cache.p === p) return cache.coef;
    assertPrime('Polynomial.evaluateMod', p);
    const coef = Float64Array.from(this._data.coef, (c) => rationalToMod(c, p));
    this.modCache = { p, coef };
    return coef;
  }

  /**
   * ASCII text with default names x1 … xn (1-based), e.g. `3*x1^2*x2 - x2^2`.
   * @returns the text; use `formatPolynomial` for other names and styles
   * @example
   * Polynomial.variable(2, 0).toString(); // "x1"
   */
  toString(): string {
    const names = Array.from({ length: this.nvars }, (_, i) => `x${i + 1}`);
    return formatTerms(this.terms(), names, 'ascii');
  }

  private checkSame(op: string, q: Polynomial): void {
    if (!(q instanceof Polynomial)) throw new TypeError(`Polynomial.${op}: q must be a Polynomial`);
    if (q.nvars !== this.nvars) {
      throw new RangeError(`Polynomial.${op}: q has ${q.nvars} variables, expected nvars = ${this.nvars}`);
    }
  }
}

/** Evaluation mod p without the length check; coordinates are checked on the fly. */
function evaluateModUnchecked(
  poly: Polynomial,
  x: ArrayLike<number>,
  cm: Float64Array,
  p: number,
  fn: string,
): number {
  const { off, vars, exps } = poly._data;
  let sum = 0;
  const n = cm.length;
  for (let t = 0; t < n; t++) {
    let m = cm[t]!;
    for (let k = off[t]!; k < off[t + 1]!; k++) {
      const v = x[vars[k]!]!;
      if (!(v >= 0 && v < p && Number.isInteger(v))) {
        throw new RangeError(`${fn}: x[${vars[k]}] = ${v} is not an integer residue in [0, ${p})`);
      }
      for (let e = exps[k]!; e > 0; e--) m = (m * v) % p;
    }
    sum += m;
    if (sum >= p) sum -= p;
  }
  return sum;
}

function merge(a: TermData, b: TermData, subtract: boolean): TermData {
  const order: number[] = [];
  const coef: Rational[] = [];
  // Terms of b are addressed after a's in a combined index space [0, na + nb).
  const na = a.coef.length;
  const nb = b.coef.length;
  const offs: number[] = [];
  const vars: number[] = [];
  const exps: number[] = [];
  const push = (d: TermData, t: number, c: Rational) => {
    offs.push(vars.length);
    for (let k = d.off[t]!; k < d.off[t + 1]!; k++) {
      vars.push(d.vars[k]!);
      exps.push(d.exps[k]!);
    }
    order.push(coef.length);
    coef.push(c);
  };
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    const cmp =
      i >= na
        ? 1
        : j >= nb
          ? -1
          : compareMonomials(
              a.vars,
              a.exps,
              a.off[i]!,
              a.off[i + 1]!,
              b.vars,
              b.exps,
              b.off[j]!,
              b.off[j + 1]!,
            );
    if (cmp < 0) {
      push(a, i, a.coef[i]!);
      i++;
    } else if (cmp > 0) {
      push(b, j, subtract ? rationalNeg(b.coef[j]!) : b.coef[j]!);
      j++;
    } else {
      const c = subtract ? rationalSub(a.coef[i]!, b.coef[j]!) : rationalAdd(a.coef[i]!, b.coef[j]!);
      if (!rationalIsZero(c)) push(a, i, c);
      i++;
      j++;
    }
  }
  offs.push(vars.length);
  return pack(a.nvars, order, offs, vars, exps, coef);
}

function multiply(a: TermData, b: TermData): TermData {
  if (a.coef.length === 0 || b.coef.length === 0) return emptyData(a.nvars);
  const acc = new TermAccumulator(a.nvars);
  const sv: number[] = [];
  const se: number[] = [];
  for (let i = 0; i < a.coef.length; i++) {
    for (let j = 0; j < b.coef.length; j++) {
      const n = multiplyMonomials(
        a.vars,
        a.exps,
        a.off[i]!,
        a.off[i + 1]!,
        b.vars,
        b.exps,
        b.off[j]!,
        b.off[j + 1]!,
        sv,
        se,
      );
      acc.add(sv, se, 0, n, rationalMul(a.coef[i]!, b.coef[j]!));
    }
  }
  return acc.finish();
}

function differentiate(a: TermData, i: number): TermData {
  const order: number[] = [];
  const offs: number[] = [];
  const vars: number[] = [];
  const exps: number[] = [];
  const coef: Rational[] = [];
  for (let t = 0; t < a.coef.length; t++) {
    const s = a.off[t]!;
    const e = a.off[t + 1]!;
    let at = -1;
    for (let k = s; k < e; k++) {
      if (a.vars[k] === i) {
        at = k;
        break;
      }
      if (a.vars[k]! > i) break;
    }
    if (at < 0) continue;
    offs.push(vars.length);
    for (let k = s; k < e; k++) {
      const ex = k === at ? a.exps[k]! - 1 : a.exps[k]!;
      if (ex > 0) {
        vars.push(a.vars[k]!);
        exps.push(ex);
      }
    }
    order.push(coef.length);
    coef.push(rationalMul(a.coef[t]!, rational(a.exps[at]!)));
  }
  offs.push(vars.length);
  return pack(a.nvars, order, offs, vars, exps, coef);
}

function checkNvars(fn: string, nvars: number): void {
  if (!Number.isInteger(nvars) || nvars < 0 || nvars >= 2 ** 32) {
    throw new RangeError(`${fn}: nvars must be a non-negative integer, got ${String(nvars)}`);
  }
}

function checkIndex(fn: string, name: string, i: unknown, nvars: number): void {
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= nvars) {
    throw new RangeError(`${fn}: ${name} = ${String(i)} is not a variable index in [0, ${nvars})`);
  }
}

function checkExponent(fn: string, name: string, e: unknown): void {
  if (typeof e !== 'number' || !Number.isInteger(e) || e < 0 || e > MAX_EXPONENT) {
    throw new RangeError(`${fn}: ${name} = ${String(e)} is not an integer exponent in [0, ${MAX_EXPONENT}]`);
  }
}

function checkPoint(fn: string, x: ArrayLike<number>, nvars: number): void {
  if (x === null || typeof x !== 'object' || typeof x.length !== 'number') {
    throw new TypeError(`${fn}: x must be an array of numbers, got ${String(x)}`);
  }
  if (x.length !== nvars) throw new RangeError(`${fn}: x has length ${x.length}, expected nvars = ${nvars}`);
}
