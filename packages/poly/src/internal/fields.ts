import { Polynomial } from '../Polynomial.js';
import type { VectorField } from '../VectorField.js';

/** Checks that `X` is an array of D polynomials in D variables; returns D. */
export function checkField(fn: string, name: string, X: unknown): number {
  if (!Array.isArray(X))
    throw new TypeError(`${fn}: ${name} must be an array of Polynomials, got ${typeof X}`);
  const D = X.length;
  for (let i = 0; i < D; i++) {
    const c = X[i];
    if (!(c instanceof Polynomial)) throw new TypeError(`${fn}: ${name}[${i}] is not a Polynomial`);
    if (c.nvars !== D) {
      throw new RangeError(
        `${fn}: ${name}[${i}] has ${c.nvars} variables, expected D = ${D} (= ${name}.length)`,
      );
    }
  }
  return D;
}

/** Variables that occur in p, increasing. */
export function occurringVariables(p: Polynomial): number[] {
  const seen = new Set<number>();
  for (const v of p._data.vars) seen.add(v);
  return [...seen].sort((a, b) => a - b);
}

export type { VectorField };
