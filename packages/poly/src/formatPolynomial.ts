import { Polynomial } from './Polynomial.js';
import { formatTerms } from './internal/format.js';

/** Output styles of {@link formatPolynomial}. */
export type FormatStyle = 'unicode' | 'ascii' | 'latex';

/** Options of {@link formatPolynomial}. */
export interface FormatPolynomialOptions {
  /**
   * `'unicode'`: `3/2·w₁₂² − v₃` (index digits of names like `w12` become subscripts, powers
   * superscripts); `'ascii'`: `3/2*w12^2 - v3`; `'latex'`: `\frac{3}{2} w_{12}^{2} - v_{3}`.
   * @default 'unicode'
   */
  style?: FormatStyle;
}

/**
 * Formats a polynomial with the caller's variable names, terms in graded lexicographic order
 * (highest degree first, then by variable index), so the text is stable.
 * @param p - the polynomial
 * @param names - one name per variable; default `x1 … xn` (1-based)
 * @param options - see {@link FormatPolynomialOptions}
 * @returns the text; `0` for the zero polynomial
 * @throws TypeError if `p` is not a Polynomial; RangeError if `names` has the wrong length or
 *   `style` is unknown
 * @example
 * const p = parsePolynomial('w12^2 - v3^2', { variables: ['w12', 'v3'] });
 * formatPolynomial(p, ['w12', 'v3']);                     // "w₁₂² − v₃²"
 * formatPolynomial(p, ['w12', 'v3'], { style: 'ascii' }); // "w12^2 - v3^2"
 * formatPolynomial(p, ['w12', 'v3'], { style: 'latex' }); // "w_{12}^{2} - v_{3}^{2}"
 * @see MATH.md §1 (conservation laws h_v, printed with the network's parameter names)
 */
export function formatPolynomial(
  p: Polynomial,
  names?: readonly string[],
  options: FormatPolynomialOptions = {},
): string {
  const fn = 'formatPolynomial';
  if (!(p instanceof Polynomial)) throw new TypeError(`${fn}: p must be a Polynomial`);
  const style = options.style ?? 'unicode';
  if (style !== 'unicode' && style !== 'ascii' && style !== 'latex') {
    throw new RangeError(`${fn}: options.style must be 'unicode', 'ascii' or 'latex', got ${String(style)}`);
  }
  const n = names ?? Array.from({ length: p.nvars }, (_, i) => `x${i + 1}`);
  if (!Array.isArray(n) || n.length !== p.nvars) {
    throw new RangeError(`${fn}: names has length ${n?.length}, expected nvars = ${p.nvars}`);
  }
  return formatTerms(p.terms(), n, style);
}
