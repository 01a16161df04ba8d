import { Polynomial } from '../Polynomial.js';
import type { VectorField } from '../VectorField.js';

/** Validated facts about a frozen field: its dimension and the indices of non-zero components. */
interface FieldInfo {
  readonly D: number;
  readonly support: readonly number[];
}

/**
 * Facts about fields this package returned, stored under a private symbol on the frozen array
 * (frozen arrays cannot change, so the facts stay true). Saves the O(D) validation and support
 * scan on every bracket of already-checked fields. (A WeakMap would do too, but its ephemeron
 * entries made garbage collection dominate when millions of brackets are formed.)
 */
const INFO = Symbol('idyn.poly.fieldInfo');

type Sealed = VectorField & { readonly [INFO]?: FieldInfo };

/** Checks that `X` is an array of D polynomials in D variables; returns D and its support. */
export function fieldInfo(fn: string, name: string, X: unknown): FieldInfo {
  if (!Array.isArray(X))
    throw new TypeError(`${fn}: ${name} must be an array of Polynomials, got ${typeof X}`);
  const cached = (X as Sealed)[INFO];
  if (cached !== undefined) return cached;
  const D = X.length;
  const support: number[] = [];
  for (let i = 0; i < D; i++) {
    const c = X[i];
    if (!(c instanceof Polynomial)) throw new TypeError(`${fn}: ${name}[${i}] is not a Polynomial`);
    if (c.nvars !== D) {
      throw new RangeError(
        `${fn}: ${name}[${i}] has ${c.nvars} variables, expected D = ${D} (= ${name}.length)`,
      );
    }
    if (!c.isZero) support.push(i);
  }
  return { D, support };
}

/** Checks that `X` is a vector field; returns D. */
export function checkField(fn: string, name: string, X: unknown): number {
  return fieldInfo(fn, name, X).D;
}

/** Freezes a field built here and records its support (components must be valid). */
export function sealField(X: Polynomial[], support: readonly number[]): VectorField {
  // Plain assignment then freeze: much cheaper than defineProperty, and read-only afterwards.
  (X as Polynomial[] & { [INFO]?: FieldInfo })[INFO] = { D: X.length, support };
  return Object.freeze(X);
}

const zeros = new Map<number, Polynomial>();

/** One shared zero polynomial per number of variables. */
export function zeroPolynomial(nvars: number): Polynomial {
  let z = zeros.get(nvars);
  if (z === undefined) {
    z = Polynomial.zero(nvars);
    zeros.set(nvars, z);
  }
  return z;
}

/** Variables that occur in p, increasing. */
export function occurringVariables(p: Polynomial): number[] {
  const seen = new Set<number>();
  for (const v of p._data.vars) seen.add(v);
  return [...seen].sort((a, b) => a - b);
}
