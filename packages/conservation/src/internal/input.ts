import { describeValue } from '@idyn/linalg';
import type { Lifting } from '@idyn/lifting';
import { Polynomial, type VectorField } from '@idyn/poly';

/** The generators and metadata extracted from any accepted input. */
export interface NormalizedInput {
  readonly D: number;
  readonly kind: 'gradients' | 'fields';
  readonly polynomials: readonly Polynomial[];
  readonly fields: readonly VectorField[];
  readonly knownLaws: readonly Polynomial[] | null;
  readonly paramNames: readonly string[];
}

/** Polynomials phi_i with optional known laws and parameter names. */
export interface PolynomialSystem {
  /** The components phi_1..phi_d, polynomials in the same D variables. */
  readonly polynomials: readonly Polynomial[];
  /** Known conservation laws (may be dependent). */
  readonly knownLaws?: readonly Polynomial[];
  /** Names of the D variables (default x1..xD). */
  readonly paramNames?: readonly string[];
}

/** Arbitrary polynomial vector fields as generators. */
export interface FieldFamily {
  /** The generators, each D polynomials in D variables. */
  readonly fields: readonly VectorField[];
  /** Known conservation laws (functions whose gradients are orthogonal to every field). */
  readonly knownLaws?: readonly Polynomial[];
  /** Names of the D variables (default x1..xD). */
  readonly paramNames?: readonly string[];
}

/** Anything the package accepts as generators: a Lifting, its polynomials, or raw vector fields. */
export type LawInput = Lifting | readonly Polynomial[] | PolynomialSystem | FieldFamily;

function checkPolys(fn: string, what: string, polys: unknown, D: number | null): number {
  if (!Array.isArray(polys))
    throw new TypeError(`${fn}: ${what} must be an array of Polynomials, got ${describeValue(polys)}`);
  let n = D;
  polys.forEach((q, i) => {
    if (!(q instanceof Polynomial))
      throw new TypeError(`${fn}: ${what}[${i}] must be a Polynomial, got ${describeValue(q)}`);
    if (n === null) n = q.nvars;
    else if (q.nvars !== n)
      throw new RangeError(`${fn}: ${what}[${i}] has ${q.nvars} variables, expected D = ${n}`);
  });
  if (n === null) throw new RangeError(`${fn}: ${what} must not be empty`);
  return n;
}

function defaultNames(D: number): string[] {
  return Array.from({ length: D }, (_, i) => `x${i + 1}`);
}

function checkNames(fn: string, names: unknown, D: number): readonly string[] {
  if (names === undefined) return defaultNames(D);
  if (!Array.isArray(names) || names.length !== D || names.some((s) => typeof s !== 'string')) {
    throw new RangeError(`${fn}: paramNames must be ${D} strings, got ${describeValue(names)}`);
  }
  return names as string[];
}

/** Validates and normalises the input of countLaws / findLaws / checkCriteria. */
export function normalizeInput(fn: string, input: unknown): NormalizedInput {
  if (input === null || typeof input !== 'object') {
    throw new TypeError(
      `${fn}: input must be a Lifting, an array of Polynomials, { polynomials } or { fields }, got ${describeValue(input)}`,
    );
  }
  if (Array.isArray(input)) {
    const D = checkPolys(fn, 'input', input, null);
    return {
      D,
      kind: 'gradients',
      polynomials: input,
      fields: [],
      knownLaws: null,
      paramNames: defaultNames(D),
    };
  }
  const obj = input as Record<string, unknown>;
  if (typeof obj.polynomials === 'function') {
    const lift = input as Lifting;
    const polys = lift.polynomials();
    const D = checkPolys(fn, 'lifting.polynomials()', polys, lift.D);
    const laws = lift.knownLaws();
    checkPolys(fn, 'lifting.knownLaws()', laws, D === 0 ? null : D);
    return {
      D,
      kind: 'gradients',
      polynomials: polys,
      fields: [],
      knownLaws: laws,
      paramNames: [...lift.paramNames],
    };
  }
  if (Array.isArray(obj.polynomials)) {
    const D = checkPolys(fn, 'input.polynomials', obj.polynomials, null);
    const laws = obj.knownLaws === undefined ? null : (obj.knownLaws as Polynomial[]);
    if (laws !== null && laws.length > 0) checkPolys(fn, 'input.knownLaws', laws, D);
    return {
      D,
      kind: 'gradients',
      polynomials: obj.polynomials as Polynomial[],
      fields: [],
      knownLaws: laws,
      paramNames: checkNames(fn, obj.paramNames, D),
    };
  }
  if (Array.isArray(obj.fields)) {
    const fields = obj.fields as unknown[];
    if (fields.length === 0) throw new RangeError(`${fn}: input.fields must not be empty`);
    let D: number | null = null;
    fields.forEach((f, i) => {
      const d = checkPolys(fn, `input.fields[${i}]`, f, D);
      if ((f as unknown[]).length !== d) {
        throw new RangeError(
          `${fn}: input.fields[${i}] has ${(f as unknown[]).length} components, expected D = ${d}`,
        );
      }
      D = d;
    });
    const dim = D as unknown as number;
    const laws = obj.knownLaws === undefined ? null : (obj.knownLaws as Polynomial[]);
    if (laws !== null && laws.length > 0) checkPolys(fn, 'input.knownLaws', laws, dim);
    return {
      D: dim,
      kind: 'fields',
      polynomials: [],
      fields: fields as VectorField[],
      knownLaws: laws,
      paramNames: checkNames(fn, obj.paramNames, dim),
    };
  }
  throw new TypeError(
    `${fn}: input must be a Lifting, an array of Polynomials, { polynomials } or { fields }, got an object without them`,
  );
}
