import { PRIME, rationalToMod } from '@idyn/linalg';
import { assertPrime } from './internal/checks.js';
import { checkField } from './internal/fields.js';
import type { VectorField } from './VectorField.js';

/** A vector field flattened for fast repeated evaluation modulo one prime. */
export interface CompiledFieldMod {
  /** Dimension D (number of components and of variables). */
  readonly D: number;
  /** The prime modulus. */
  readonly p: number;
  /** Total number of terms over all components. */
  readonly terms: number;
  /**
   * Evaluates all components at `x` in GF(p)^D.
   * @param x - integer residues in [0, p), length D
   * @param out - optional output of length D (overwritten)
   * @returns the D component values, residues in [0, p)
   */
  evaluate(x: ArrayLike<number>, out?: Float64Array): Float64Array;
}

/**
 * Flattens a polynomial vector field into one packed term list with coefficients reduced mod p,
 * for evaluating it at many points of GF(p)^D (the inner loop of law counting).
 *
 * Evaluation is exact: residues are below 2^26, so each product is below 2^52 and exact in a double.
 * @param X - a vector field (D polynomials in D variables)
 * @param p - a prime below 2^26
 * @default p = PRIME
 * @returns the compiled field
 * @throws TypeError/RangeError if `X` is not a vector field, `p` is not such a prime, or `p`
 *   divides a coefficient's denominator
 * @example
 * const f = compileFieldMod(gradient(parsePolynomial('x*y')), 7);
 * f.evaluate([3, 5]); // Float64Array [5, 3]
 * @see MATH.md §2 (exact ranks modulo a large prime at random points)
 */
export function compileFieldMod(X: VectorField, p: number = PRIME): CompiledFieldMod {
  const fn = 'compileFieldMod';
  const D = checkField(fn, 'X', X);
  assertPrime(fn, p);
  let nTerms = 0;
  let nFactors = 0;
  for (const c of X) {
    nTerms += c._data.coef.length;
    nFactors += c._data.vars.length;
  }
  const comp = new Uint32Array(nTerms);
  const off = new Uint32Array(nTerms + 1);
  const vars = new Uint32Array(nFactors);
  const exps = new Uint32Array(nFactors);
  const coef = new Float64Array(nTerms);
  let t = 0;
  let f = 0;
  X.forEach((c, i) => {
    const d = c._data;
    for (let s = 0; s < d.coef.length; s++, t++) {
      comp[t] = i;
      coef[t] = rationalToMod(d.coef[s]!, p);
      for (let k = d.off[s]!; k < d.off[s + 1]!; k++, f++) {
        vars[f] = d.vars[k]!;
        exps[f] = d.exps[k]!;
      }
      off[t + 1] = f;
    }
  });
  // Check every used coordinate once per call, not once per factor.
  const used = new Uint32Array(new Set(vars));
  return {
    D,
    p,
    terms: nTerms,
    evaluate(x: ArrayLike<number>, out?: Float64Array): Float64Array {
      if (x === null || typeof x !== 'object' || x.length !== D) {
        throw new RangeError(`${fn}.evaluate: x has length ${x?.length}, expected D = ${D}`);
      }
      for (const v of used) {
        const xv = x[v]!;
        if (!(xv >= 0 && xv < p && Number.isInteger(xv))) {
          throw new RangeError(`${fn}.evaluate: x[${v}] = ${xv} is not an integer residue in [0, ${p})`);
        }
      }
      if (out === undefined) out = new Float64Array(D);
      else if (out.length !== D)
        throw new RangeError(`${fn}.evaluate: out has length ${out.length}, expected ${D}`);
      else out.fill(0);
      for (let s = 0; s < nTerms; s++) {
        let m = coef[s]!;
        for (let k = off[s]!; k < off[s + 1]!; k++) {
          const xv = x[vars[k]!]!;
          for (let e = exps[k]!; e > 0; e--) m = (m * xv) % p;
        }
        const i = comp[s]!;
        const v = out[i]! + m;
        out[i] = v >= p ? v - p : v;
      }
      return out;
    },
  };
}
