import type { QuadraticLaw } from '@idyn/integrators';
import { rationalToNumber } from '@idyn/linalg';
import { Polynomial } from '@idyn/poly';

/**
 * Converts homogeneous quadratic polynomials (known laws such as the h_v of a path-lifting or the
 * Gram differences of `twoLayerLifting`, `matrixProductLifting` and `attentionLifting`) into the
 * coordinate form h(θ) = Σ_t values[t] θ[rows[t]] θ[cols[t]] that `@idyn/integrators`'
 * `gradientSteps` and `sweepEta` check the discrete-step identity Δh = η² gᵀ A g with.
 *
 * A term c θ_i² becomes (i, i, c); a term c θ_i θ_j (i < j) becomes (i, j, c). Coefficients are
 * converted to float64 (exact for the integer coefficients of every known law here).
 *
 * @param laws - polynomials, each homogeneous of degree 2 (the zero polynomial gives an empty form)
 * @returns one {@link QuadraticLaw} per polynomial, in order
 * @throws TypeError if an entry is not a Polynomial; RangeError naming the law and the term when a
 *   polynomial has a term that is not of degree 2
 * @example
 * const [h] = quadraticLaws([parsePolynomial('x1^2 - x2*x3')]);
 * h; // { rows: Int32Array [0, 1], cols: Int32Array [0, 2], values: Float64Array [1, -1] }
 * quadraticLaws(pathLifting(parseNetwork('relu:2-3-1')).knownLaws()).length; // 3 (one h_v per hidden neuron)
 * @see MATH.md §7 (discrete steps)
 */
export function quadraticLaws(laws: readonly Polynomial[]): QuadraticLaw[] {
  const fn = 'quadraticLaws';
  if (!Array.isArray(laws)) throw new TypeError(`${fn}: laws must be an array of Polynomials`);
  return laws.map((h, j) => {
    if (!(h instanceof Polynomial)) throw new TypeError(`${fn}: laws[${j}] must be a Polynomial`);
    const terms = h.terms();
    const rows = new Int32Array(terms.length);
    const cols = new Int32Array(terms.length);
    const values = new Float64Array(terms.length);
    terms.forEach((t, k) => {
      const degree = t.exponents.reduce((a, b) => a + b, 0);
      if (degree !== 2) {
        throw new RangeError(
          `${fn}: laws[${j}] has a term of degree ${degree} (term ${k}); only homogeneous quadratic laws have the form θᵀAθ`,
        );
      }
      rows[k] = t.variables[0]!;
      cols[k] = t.variables.length === 1 ? t.variables[0]! : t.variables[1]!;
      values[k] = rationalToNumber(t.coefficient);
    });
    return { rows, cols, values };
  });
}
