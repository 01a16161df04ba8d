import { PRIME } from '@idyn/linalg';
import { type CompiledFieldMod, compileFieldMod } from './compileFieldMod.js';
import type { Polynomial } from './Polynomial.js';
import type { VectorField } from './VectorField.js';

const cache = new WeakMap<VectorField, { components: Polynomial[]; compiled: CompiledFieldMod }>();

/**
 * Evaluates a polynomial vector field at a point of GF(p)^D, exactly.
 *
 * The field is compiled once per (array, prime) and cached (see {@link compileFieldMod}); the
 * cache entry is rebuilt if the array's components were replaced.
 * @param X - a vector field (D polynomials in D variables)
 * @param x - integer residues in [0, p), length D
 * @param p - a prime below 2^26
 * @default p = PRIME
 * @returns the D component values as residues in [0, p)
 * @throws TypeError/RangeError for an invalid field, point or prime
 * @example
 * evaluateFieldMod(gradient(parsePolynomial('x*y')), [3, 5], 7); // Float64Array [5, 3]
 * @see MATH.md §2 (evaluate the generators and brackets at random points)
 */
export function evaluateFieldMod(X: VectorField, x: ArrayLike<number>, p: number = PRIME): Float64Array {
  let hit = typeof X === 'object' && X !== null ? cache.get(X) : undefined;
  if (
    hit === undefined ||
    hit.compiled.p !== p ||
    // A frozen array (as returned by this package) cannot have changed since it was compiled.
    (!Object.isFrozen(X) && (hit.components.length !== X.length || hit.components.some((c, i) => c !== X[i])))
  ) {
    hit = { components: [...X], compiled: compileFieldMod(X, p) };
    cache.set(X, hit);
  }
  return hit.compiled.evaluate(x);
}
