import { describeValue } from '@idyn/linalg';
import { type Polynomial, parsePolynomial } from '@idyn/poly';
import type { Lifting } from './Lifting.js';
import { buildLifting } from './internal/buildLifting.js';

/** Options of {@link polynomialLifting}. */
export interface PolynomialLiftingOptions {
  /**
   * Known conservation laws (polynomials or text in the same variables), returned by `knownLaws()`.
   * @default []
   */
  laws?: readonly (Polynomial | string)[];
  /**
   * Labels of the components of z.
   * @default ['z0', 'z1', …]
   */
  zLabels?: readonly string[];
  /**
   * Name of the lifting.
   * @default 'polynomial'
   */
  name?: string;
}

/**
 * A lifting given by user polynomials phi = (p_1, …, p_d) in the D variables `names`, so any
 * polynomial factorization (matrix, tensor or other) can be studied.
 *
 * Strings are parsed by `@idyn/poly`'s `parsePolynomial` with `variables: names`. The Jacobian is
 * evaluated from the exact partial derivatives (computed once), jvp/vjp/metricProduct from it.
 *
 * @param polys - the d components, `Polynomial`s over `names.length` variables or polynomial text
 * @param names - the D parameter names, distinct, in theta order
 * @param options - see {@link PolynomialLiftingOptions}
 * @returns the lifting
 * @throws TypeError if `polys` or `names` is not an array or a component is neither a string nor a
 *   Polynomial; RangeError if names repeat, `polys` is empty, a polynomial has a number of variables
 *   other than `names.length`, or `zLabels` has the wrong length; parse errors from `@idyn/poly`
 * @example
 * const lift = polynomialLifting(['a*b', 'a*c'], ['a', 'b', 'c'], { laws: ['a^2 - b^2 - c^2'] });
 * lift.phi([2, 3, 5]); // Float64Array [6, 10]
 * @see MATH.md §0 (every lifting here is polynomial)
 */
export function polynomialLifting(
  polys: readonly (Polynomial | string)[],
  names: readonly string[],
  options: PolynomialLiftingOptions = {},
): Lifting {
  const fn = 'polynomialLifting';
  if (!Array.isArray(names))
    throw new TypeError(`${fn}: names must be an array of strings, got ${describeValue(names)}`);
  names.forEach((s, i) => {
    if (typeof s !== 'string' || s.length === 0) {
      throw new TypeError(`${fn}: names[${i}] must be a non-empty string, got ${describeValue(s)}`);
    }
  });
  if (new Set(names).size !== names.length)
    throw new RangeError(`${fn}: names has repeated entries: ${describeValue(names)}`);
  if (!Array.isArray(polys))
    throw new TypeError(`${fn}: polys must be an array, got ${describeValue(polys)}`);
  if (polys.length === 0) throw new RangeError(`${fn}: polys must not be empty`);
  const D = names.length;
  const toPoly = (what: string, p: Polynomial | string, i: number): Polynomial => {
    if (typeof p === 'string') return parsePolynomial(p, { variables: [...names] });
    if (p === null || typeof p !== 'object' || typeof (p as Polynomial).evaluate !== 'function') {
      throw new TypeError(`${fn}: ${what}[${i}] must be a Polynomial or a string, got ${describeValue(p)}`);
    }
    if (p.nvars !== D) {
      throw new RangeError(`${fn}: ${what}[${i}] has ${p.nvars} variables, expected names.length = ${D}`);
    }
    return p;
  };
  const comps = polys.map((p, i) => toPoly('polys', p, i));
  const laws = (options.laws ?? []).map((p, i) => toPoly('options.laws', p, i));
  const d = comps.length;
  const zLabels = options.zLabels ?? comps.map((_, i) => `z${i}`);
  if (!Array.isArray(zLabels) || zLabels.length !== d) {
    throw new RangeError(`${fn}: options.zLabels must have length d = ${d}, got ${describeValue(zLabels)}`);
  }
  // ∂φ_r/∂θ_c only for the variables that occur in φ_r (the rest vanish), built on first use:
  // d × D derivative polynomials would be 4 million objects for 2000 products of two variables.
  let derivs: { cols: number[]; polys: Polynomial[] }[] | undefined;
  const jacobian = (t: Float64Array) => {
    derivs ??= comps.map((p) => {
      const cols = [...new Set(p.terms().flatMap((term) => [...term.variables]))].sort((a, b) => a - b);
      return { cols, polys: cols.map((c) => p.derivative(c)) };
    });
    const J = new Float64Array(d * D);
    for (let r = 0; r < d; r++) {
      const { cols, polys } = derivs[r]!;
      for (let k = 0; k < cols.length; k++) J[r * D + cols[k]!] = polys[k]!.evaluate(t);
    }
    return J;
  };
  return buildLifting({
    name: options.name ?? 'polynomial',
    D,
    d,
    paramNames: names,
    zLabels,
    phi: (t) => Float64Array.from(comps, (p) => p.evaluate(t)),
    jacobian,
    jvp(t, v) {
      const J = jacobian(t);
      const out = new Float64Array(d);
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let c = 0; c < D; c++) s += J[r * D + c]! * v[c]!;
        out[r] = s;
      }
      return out;
    },
    vjp(t, g) {
      const J = jacobian(t);
      const out = new Float64Array(D);
      for (let r = 0; r < d; r++) for (let c = 0; c < D; c++) out[c]! += J[r * D + c]! * g[r]!;
      return out;
    },
    metricProduct(t, G) {
      const J = jacobian(t);
      const w = new Float64Array(D);
      for (let r = 0; r < d; r++) for (let c = 0; c < D; c++) w[c]! += J[r * D + c]! * G[r]!;
      const out = new Float64Array(d);
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let c = 0; c < D; c++) s += J[r * D + c]! * w[c]!;
        out[r] = s;
      }
      return out;
    },
    polynomials: () => comps,
    knownLaws: () => laws,
    lawValues: (t) => Float64Array.from(laws, (p) => p.evaluate(t)),
  });
}
