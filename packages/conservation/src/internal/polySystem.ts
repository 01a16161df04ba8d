import { rationalToMod } from '@idyn/linalg';
import { gradient, lieBracket, type Polynomial, type VectorField } from '@idyn/poly';
import {
  Accumulator,
  buildMat,
  type CompiledPolynomial,
  compileFamily,
  compileTerms,
  evaluateCompiled,
  gradientCompiled,
  hessianCompiled,
  type ModTerm,
  type SparseMat,
  type SparseVec,
} from './compiled.js';
import type { FieldAtPoint, FieldSystem } from './lieTrace.js';

/** Compiles a Polynomial's terms with coefficients reduced mod p. */
export function compilePolynomial(poly: Polynomial, p: number): CompiledPolynomial {
  return compileTerms(modTerms(poly, p));
}

function modTerms(poly: Polynomial, p: number): ModTerm[] {
  return poly
    .terms()
    .map((t) => ({ coef: rationalToMod(t.coefficient, p), vars: t.variables, exps: t.exponents }));
}

/** A vector field compiled mod p: its nonzero components. */
interface CompiledField {
  readonly comps: Int32Array;
  readonly polys: CompiledPolynomial[];
}

const fieldCache = new WeakMap<VectorField, Map<number, CompiledField>>();

function compileField(X: VectorField, p: number): CompiledField {
  let byPrime = fieldCache.get(X);
  if (byPrime === undefined) {
    byPrime = new Map();
    fieldCache.set(X, byPrime);
  }
  const hit = byPrime.get(p);
  if (hit !== undefined) return hit;
  const comps: number[] = [];
  const polys: CompiledPolynomial[] = [];
  X.forEach((c, i) => {
    if (!c.isZero) {
      comps.push(i);
      polys.push(compilePolynomial(c, p));
    }
  });
  const out = { comps: Int32Array.from(comps), polys };
  byPrime.set(p, out);
  return out;
}

/** Value and Jacobian of a compiled field at x, mod p. */
function fieldAtPoint(f: CompiledField, x: Float64Array, p: number, acc: Accumulator): FieldAtPoint {
  const triples: [number, number, number][] = [];
  for (let k = 0; k < f.comps.length; k++) {
    const i = f.comps[k]!;
    const poly = f.polys[k] as CompiledPolynomial;
    const v = evaluateCompiled(poly, x, p);
    if (v !== 0) acc.add(i, v, p);
  }
  const value = acc.flush();
  for (let k = 0; k < f.comps.length; k++) {
    const i = f.comps[k]!;
    gradientCompiled(f.polys[k] as CompiledPolynomial, x, p, acc);
    const g = acc.flush();
    for (let q = 0; q < g.n; q++) triples.push([i, g.idx[q]!, g.val[q]!]);
  }
  return { value, jac: buildMat(triples) };
}

/**
 * The generators ∇φ_1..∇φ_d of a polynomial lifting: values are gradients and Jacobians are
 * Hessians, both read directly from the compiled φ_i (no symbolic derivative is formed); symbolic
 * gradients are built only for generators that enter a kept bracket.
 */
export function gradientSystem(
  polys: readonly Polynomial[],
  D: number,
): FieldSystem<VectorField> & {
  compiled(p: number): CompiledPolynomial[];
} {
  const compiledByPrime = new Map<number, CompiledPolynomial[]>();
  const compiled = (p: number): CompiledPolynomial[] => {
    let c = compiledByPrime.get(p);
    if (c === undefined) {
      c = compileFamily(polys.map((q) => modTerms(q, p)));
      compiledByPrime.set(p, c);
    }
    return c;
  };
  const symbolic = new Map<number, VectorField>();
  return {
    D,
    count: polys.length,
    compiled,
    generatorValue(i: number, x: Float64Array, p: number, acc: Accumulator): SparseVec {
      gradientCompiled(compiled(p)[i] as CompiledPolynomial, x, p, acc);
      return acc.flushShared();
    },
    generatorJacobian(i: number, x: Float64Array, p: number): SparseMat {
      return hessianCompiled(compiled(p)[i] as CompiledPolynomial, x, p);
    },
    generatorSymbolic(i: number): VectorField {
      let g = symbolic.get(i);
      if (g === undefined) {
        g = gradient(polys[i] as Polynomial);
        symbolic.set(i, g);
      }
      return g;
    },
    bracket: lieBracket,
    fieldAt(X: VectorField, x: Float64Array, p: number, acc: Accumulator): FieldAtPoint {
      return fieldAtPoint(compileField(X, p), x, p, acc);
    },
  };
}

/** Arbitrary polynomial vector fields as generators. */
export function rawFieldSystem(fields: readonly VectorField[], D: number): FieldSystem<VectorField> {
  return {
    D,
    count: fields.length,
    generatorValue(i: number, x: Float64Array, p: number, acc: Accumulator): SparseVec {
      const f = compileField(fields[i] as VectorField, p);
      for (let k = 0; k < f.comps.length; k++) {
        const v = evaluateCompiled(f.polys[k] as CompiledPolynomial, x, p);
        if (v !== 0) acc.add(f.comps[k]!, v, p);
      }
      return acc.flush();
    },
    generatorJacobian(i: number, x: Float64Array, p: number): SparseMat {
      return fieldAtPoint(compileField(fields[i] as VectorField, p), x, p, newAcc(D)).jac;
    },
    generatorSymbolic(i: number): VectorField {
      return fields[i] as VectorField;
    },
    bracket: lieBracket,
    fieldAt(X: VectorField, x: Float64Array, p: number, acc: Accumulator): FieldAtPoint {
      return fieldAtPoint(compileField(X, p), x, p, acc);
    },
  };
}

function newAcc(D: number): Accumulator {
  return new Accumulator(D);
}
