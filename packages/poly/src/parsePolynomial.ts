import type { Polynomial } from './Polynomial.js';
import { parse } from './internal/parser.js';

/** Options of {@link parsePolynomial} and {@link parsePolynomialWithVariables}. */
export interface ParsePolynomialOptions {
  /**
   * The variables, in order (variable i is `variables[i]`); names are matched literally, longest
   * first, so names like `w(x0->h)` work. Unknown names are errors. When omitted, the names found
   * in the text are the variables, in natural order (`x2` before `x10`).
   * @default undefined
   */
  variables?: readonly string[];
  /**
   * Deepest nesting of brackets accepted; deeper input is refused with a BudgetError
   * (option 'maxDepth') instead of exhausting the stack.
   * @default 1000
   */
  maxDepth?: number;
  /**
   * Most terms a product or power may expand to; above it a BudgetError (option 'maxTerms') is
   * thrown before expanding (`(x1 + … + x100)^50` would have ~1e40 terms).
   * @default 1_000_000
   */
  maxTerms?: number;
}

/** Result of {@link parsePolynomialWithVariables}. */
export interface ParsePolynomialResult {
  /** The polynomial, in `variables.length` variables. */
  polynomial: Polynomial;
  /** The variable names, variable i first at index i. */
  variables: string[];
}

/**
 * Parses a polynomial expression: `x1*x2*x3`, `u*v - w^2`, `3/2*x^2`, `-(a + b)**2`, `0.5*x`,
 * and the unicode output of `formatPolynomial` (`w₁₂² − v₃²`, `·`). Coefficients are exact
 * (decimals too); division only by a non-zero constant.
 * @param text - the expression
 * @param options - see {@link ParsePolynomialOptions}
 * @returns the polynomial (use {@link parsePolynomialWithVariables} to get the inferred names)
 * @throws SyntaxError pointing at the position, e.g.
 *   `parsePolynomial: unexpected ')' at column 7 in "x*(y+)"`; unknown variables, non-integer
 *   exponents and division by a non-constant are reported the same way (long input is quoted as
 *   an excerpt around the position); BudgetError (a RangeError) with option `maxDepth` or
 *   `maxTerms` when brackets nest deeper or a product/power would expand to more terms
 * @example
 * parsePolynomial('u*v - w^2', { variables: ['u', 'v', 'w'] }).toString(); // "x1*x2 - x3^2"
 * @see MATH.md §0 (any polynomial factorization can be studied)
 */
export function parsePolynomial(text: string, options: ParsePolynomialOptions = {}): Polynomial {
  return parsePolynomialWithVariables(text, options).polynomial;
}

/**
 * Like {@link parsePolynomial}, also returning the variable names (the inferred ones when
 * `options.variables` is omitted).
 * @param text - the expression
 * @param options - see {@link ParsePolynomialOptions}
 * @returns `{ polynomial, variables }`
 * @throws TypeError if `text` is not a string or `options.variables` is not an array of distinct
 *   non-empty strings; SyntaxError as {@link parsePolynomial}; BudgetError (option `maxDepth` or
 *   `maxTerms`) for input nested or expanding beyond the limits
 * @example
 * parsePolynomialWithVariables('y*x10 + x2').variables; // ["x2", "x10", "y"]
 * @see MATH.md §0 (every lifting here is polynomial)
 */
export function parsePolynomialWithVariables(
  text: string,
  options: ParsePolynomialOptions = {},
): ParsePolynomialResult {
  if (typeof text !== 'string')
    throw new TypeError(`parsePolynomial: text must be a string, got ${typeof text}`);
  const v = options.variables;
  if (v !== undefined) {
    if (!Array.isArray(v) || v.some((n) => typeof n !== 'string' || n.length === 0)) {
      throw new TypeError('parsePolynomial: options.variables must be an array of non-empty strings');
    }
    const seen = new Set<string>();
    for (const n of v) {
      if (seen.has(n)) throw new TypeError(`parsePolynomial: options.variables repeats '${n}'`);
      seen.add(n);
    }
  }
  const limit = (name: 'maxDepth' | 'maxTerms', value: unknown, fallback: number): number => {
    const x = value ?? fallback;
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1)
      throw new RangeError(
        `parsePolynomial: options.${name} must be a positive integer, got ${String(value)}`,
      );
    return x;
  };
  return parse(text, v, {
    maxDepth: limit('maxDepth', options.maxDepth, 1000),
    maxTerms: limit('maxTerms', options.maxTerms, 1_000_000),
  });
}
