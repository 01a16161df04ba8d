import {
  type Budget,
  checkBudget,
  checkLimit,
  createRng,
  ModRowBasis,
  PRIME,
  type Rational,
  rational,
  rationalNullSpace,
  rationalToMod,
} from '@idyn/linalg';
import { formatPolynomial, Polynomial, type VectorField } from '@idyn/poly';
import { findLawsCostOf } from './findLawsCost.js';
import { Accumulator, gradientCompiled } from './internal/compiled.js';
import { type LawInput, normalizeInput } from './internal/input.js';
import { binomial, isHomogeneous } from './internal/lawCosts.js';
import { compilePolynomial } from './internal/polySystem.js';

/** Options of {@link findLaws}. */
export interface FindLawsOptions {
  /**
   * Degree k of the laws searched for (a positive integer).
   * @default 2
   */
  degree?: number;
  /**
   * Which monomials the generic polynomial P uses: `'homogeneous'` (degree exactly k) or `'upTo'`
   * (degrees 1..k; constants are trivial laws and are left out). `'auto'` picks `'homogeneous'`
   * when every generator component is homogeneous — then the equations split by degree and the
   * homogeneous search loses nothing — and `'upTo'` otherwise.
   * @default 'auto'
   */
  monomials?: 'auto' | 'homogeneous' | 'upTo';
  /**
   * Largest number of unknown coefficients (monomials) accepted; the linear system has that many
   * columns. Above it a BudgetError (option 'maxUnknowns') is thrown rather than running for minutes.
   * @default 4000
   */
  maxUnknowns?: number;
  /** Memory and work budget ({@link findLawsCost}). @default DEFAULT_BUDGET */
  budget?: Budget;
  /**
   * Seed of the random point used to select independent laws.
   * @default 0
   */
  seed?: number;
}

/** One law found by {@link findLaws}. */
export interface FoundLaw {
  /** The law h, with integer coprime coefficients and a positive leading coefficient. */
  readonly polynomial: Polynomial;
  /** Unicode text with the parameter names. */
  readonly text: string;
  /** Plain ASCII text with the parameter names. */
  readonly ascii: string;
  /** LaTeX with the parameter names. */
  readonly latex: string;
}

/** Result of {@link findLaws}. */
export interface FindLawsResult {
  /** The degree searched. */
  readonly degree: number;
  /** The monomial set used. */
  readonly monomials: 'homogeneous' | 'upTo';
  /** Number of unknowns (monomials of the generic P). */
  readonly unknowns: number;
  /** Number of distinct linear equations (coefficients of ⟨∇P, X_i⟩). */
  readonly equations: number;
  /** Dimension of the space of polynomial laws of this form (the kernel). */
  readonly kernelDimension: number;
  /**
   * Functionally independent laws: kernel vectors whose gradients raise the rank at a random point
   * (their number is the number of independent laws of this degree). Each was checked
   * symbolically: ⟨∇h, X_i⟩ ≡ 0 for every generator.
   */
  readonly laws: FoundLaw[];
  /** Names used to print the laws. */
  readonly paramNames: readonly string[];
}

/** All monomials (as sparse exponent lists) in D variables of degree `deg`, graded-lex order. */
function monomialsOfDegree(D: number, deg: number): { vars: number[]; exps: number[] }[] {
  const out: { vars: number[]; exps: number[] }[] = [];
  const vars: number[] = [];
  const exps: number[] = [];
  const rec = (from: number, left: number) => {
    if (left === 0) {
      out.push({ vars: [...vars], exps: [...exps] });
      return;
    }
    for (let v = from; v < D; v++) {
      for (let e = left; e >= 1; e--) {
        vars.push(v);
        exps.push(e);
        rec(v + 1, left - e);
        vars.pop();
        exps.pop();
      }
    }
  };
  rec(0, deg);
  return out;
}

function monoKey(vars: readonly number[], exps: readonly number[]): string {
  let s = '';
  for (let k = 0; k < vars.length; k++) s += `${vars[k]}^${exps[k]},`;
  return s;
}

/** Product of two sparse monomials (vars increasing) as a key. */
function productKey(
  av: readonly number[],
  ae: readonly number[],
  bv: readonly number[],
  be: readonly number[],
): string {
  const vars: number[] = [];
  const exps: number[] = [];
  let i = 0;
  let j = 0;
  while (i < av.length || j < bv.length) {
    const x = i < av.length ? av[i]! : Number.POSITIVE_INFINITY;
    const y = j < bv.length ? bv[j]! : Number.POSITIVE_INFINITY;
    if (x === y) {
      vars.push(x);
      exps.push(ae[i]! + be[j]!);
      i++;
      j++;
    } else if (x < y) {
      vars.push(x);
      exps.push(ae[i]!);
      i++;
    } else {
      vars.push(y);
      exps.push(be[j]!);
      j++;
    }
  }
  return monoKey(vars, exps);
}

/** Scales a rational vector to coprime integers with a positive first nonzero entry. */
function primitive(v: readonly Rational[]): bigint[] {
  const gcd = (a: bigint, b: bigint): bigint => {
    let x = a < 0n ? -a : a;
    let y = b < 0n ? -b : b;
    while (y !== 0n) [x, y] = [y, x % y];
    return x;
  };
  let l = 1n;
  for (const r of v) l = (l / gcd(l, r.den)) * r.den;
  const ints = v.map((r) => (r.num * l) / r.den);
  let g = 0n;
  for (const a of ints) if (a !== 0n) g = gcd(g, a);
  if (g === 0n) return ints;
  const first = ints.find((a) => a !== 0n) as bigint;
  const s = first < 0n ? -g : g;
  return ints.map((a) => a / s);
}

/**
 * Finds all polynomial conservation laws of a given degree exactly (MATH.md §2, algorithm:
 * formulas): a generic P = Σ c_m m over a monomial set, ⟨∇P, X_i⟩ ≡ 0 imposed coefficient by
 * coefficient for every generator X_i (∇phi_i for a lifting), and the exact rational kernel of this
 * linear system. Laws are reported up to functional dependence: a kernel vector is kept iff its
 * gradient raises the rank at a random point (mod p). Every law returned is verified symbolically.
 *
 * The system is split into independent blocks (unknowns linked by an equation); in each block the
 * equations are thinned mod p to an independent subset (at most as many rows as unknowns), whose
 * kernel is computed exactly over Q and checked against all the block's equations (on failure — a
 * prime dividing a minor, probability ≤ deg/p — the block is solved with all its rows).
 *
 * @param input - a Lifting, Polynomials phi_i, `{ polynomials, paramNames? }` or `{ fields, paramNames? }`
 * @param options - see {@link FindLawsOptions}
 * @returns the laws and the sizes of the system; see {@link FindLawsResult}
 * @throws TypeError/RangeError on invalid input or options; RangeError when the number of
 *   unknowns exceeds `maxUnknowns` (message gives the count)
 * @example
 * const r = findLaws([parsePolynomial('x1*x2*x3')], { degree: 2 });
 * r.laws.map((l) => l.ascii); // ["x1^2 - x2^2", "x1^2 - x3^2"]
 * @see MATH.md §2 (algorithm: formulas; known laws)
 */
export function findLaws(input: LawInput, options: FindLawsOptions = {}): FindLawsResult {
  const fn = 'findLaws';
  const norm = normalizeInput(fn, input);
  const D = norm.D;
  const degree = options.degree ?? 2;
  if (!Number.isInteger(degree) || degree < 1) {
    throw new RangeError(`${fn}: options.degree must be a positive integer, got ${String(degree)}`);
  }
  const maxUnknowns = options.maxUnknowns ?? 4000;
  if (!Number.isInteger(maxUnknowns) || maxUnknowns < 1) {
    throw new RangeError(`${fn}: options.maxUnknowns must be a positive integer, got ${String(maxUnknowns)}`);
  }
  const mode = options.monomials ?? 'auto';
  if (mode !== 'auto' && mode !== 'homogeneous' && mode !== 'upTo') {
    throw new RangeError(
      `${fn}: options.monomials must be 'auto', 'homogeneous' or 'upTo', got ${String(mode)}`,
    );
  }
  // Generators as sparse term lists per component.
  const fields: VectorField[] =
    norm.kind === 'gradients'
      ? norm.polynomials.map((q) => {
          const zero = Polynomial.zero(D);
          const g: Polynomial[] = new Array(D).fill(zero);
          const vars = new Set<number>();
          for (const t of q.terms()) for (const v of t.variables) vars.add(v);
          for (const v of vars) g[v] = q.derivative(v);
          return g;
        })
      : [...norm.fields];
  const homogeneousInput = fields.every((X) => X.every(isHomogeneous));
  const monomials: 'homogeneous' | 'upTo' =
    mode === 'auto' ? (homogeneousInput ? 'homogeneous' : 'upTo') : mode;
  const degrees = monomials === 'homogeneous' ? [degree] : Array.from({ length: degree }, (_, i) => i + 1);
  const count = degrees.reduce((s, k) => s + binomial(D + k - 1, k), 0);
  const estimate = findLawsCostOf(fields, D, degrees, count);
  checkLimit(estimate, 'maxUnknowns', 'unknown coefficients', count, maxUnknowns);
  checkBudget(estimate, options.budget);
  const monos = degrees.flatMap((k) => monomialsOfDegree(D, k));
  const n = monos.length;
  // Index: variable -> monomials containing it.
  const byVar: number[][] = Array.from({ length: D }, () => []);
  monos.forEach((m, c) => {
    for (const v of m.vars) byVar[v]!.push(c);
  });

  // Equations: for generator i and monomial mu, the coefficient of mu in Σ_c c_m Σ_j ∂_j m · X_i[j].
  const rowIndex = new Map<string, number>();
  const rows: Map<number, Rational>[] = [];
  fields.forEach((X, i) => {
    X.forEach((Xj, j) => {
      if (Xj.isZero) return;
      const xt = Xj.terms();
      for (const c of byVar[j]!) {
        const m = monos[c] as { vars: number[]; exps: number[] };
        const pos = m.vars.indexOf(j);
        const e = m.exps[pos]!;
        const dv: number[] = [];
        const de: number[] = [];
        m.vars.forEach((v, q) => {
          const ee = q === pos ? e - 1 : m.exps[q]!;
          if (ee > 0) {
            dv.push(v);
            de.push(ee);
          }
        });
        for (const t of xt) {
          const key = `${i}|${productKey(dv, de, t.variables, t.exponents)}`;
          let r = rowIndex.get(key);
          if (r === undefined) {
            r = rows.length;
            rowIndex.set(key, r);
            rows.push(new Map());
          }
          const row = rows[r] as Map<number, Rational>;
          const add: Rational = rational(t.coefficient.num * BigInt(e), t.coefficient.den);
          const old = row.get(c);
          row.set(
            c,
            old === undefined ? add : rational(old.num * add.den + add.num * old.den, old.den * add.den),
          );
        }
      }
    });
  });
  const kernel = solveByComponents(rows, n);
  const lawPolys = kernel.map(({ cols, values }) => {
    const ints = primitive(values);
    const terms = [];
    for (let q = 0; q < cols.length; q++) {
      const a = ints[q]!;
      if (a !== 0n) {
        const m = monos[cols[q]!] as { vars: number[]; exps: number[] };
        terms.push({ coefficient: rational(a), variables: m.vars, exponents: m.exps });
      }
    }
    return Polynomial.fromTerms(D, terms);
  });
  // Symbolic verification, independent of the linear system: ⟨∇h, X_i⟩ ≡ 0.
  lawPolys.forEach((h, k) => {
    const hv = new Set<number>();
    for (const t of h.terms()) for (const v of t.variables) hv.add(v);
    const dh = new Map<number, Polynomial>();
    for (const v of hv) dh.set(v, h.derivative(v));
    fields.forEach((X, i) => {
      let s = Polynomial.zero(D);
      for (const [v, d] of dh) {
        const Xv = X[v] as Polynomial;
        if (!Xv.isZero) s = s.add(d.mul(Xv));
      }
      if (!s.isZero) {
        throw new Error(`${fn}: internal error, kernel vector ${k} is not conserved along generator ${i}`);
      }
    });
  });
  // Functional independence: keep laws whose gradients raise the rank at a random point.
  const p = PRIME;
  const rng = createRng(options.seed ?? 0);
  const x = new Float64Array(D);
  for (let i = 0; i < D; i++) x[i] = rng.integer(1, p - 1);
  const acc = new Accumulator(D);
  const gradBasis = new ModRowBasis(D, { prime: p });
  const names = norm.paramNames;
  const laws: FoundLaw[] = [];
  for (const h of lawPolys) {
    gradientCompiled(compilePolynomial(h, p), x, p, acc);
    const g = acc.flush();
    const dense = new Float64Array(D);
    for (let k = 0; k < g.n; k++) dense[g.idx[k]!] = g.val[k]!;
    if (gradBasis.add(dense)) {
      laws.push({
        polynomial: h,
        text: formatPolynomial(h, names, { style: 'unicode' }),
        ascii: formatPolynomial(h, names, { style: 'ascii' }),
        latex: formatPolynomial(h, names, { style: 'latex' }),
      });
    }
  }
  return {
    degree,
    monomials,
    unknowns: n,
    equations: rows.length,
    kernelDimension: kernel.length,
    laws,
    paramNames: names,
  };
}

const ZERO: Rational = { num: 0n, den: 1n };

/** A kernel vector restricted to its component: values at global columns `cols`. */
interface ComponentVector {
  readonly cols: number[];
  readonly values: Rational[];
}

/**
 * Exact kernel of a sparse rational system, block by block. Unknowns that share an equation are
 * joined (union–find); the system is block diagonal over these components, so its kernel is the
 * direct sum of theirs. In each block the equations are thinned mod p to an independent subset
 * (at most as many as unknowns), whose kernel is computed exactly over Q and checked against every
 * equation of the block; on failure (p divided a minor) the block is solved with all its rows.
 * Unknowns in no equation are kernel vectors on their own.
 */
function solveByComponents(rows: readonly Map<number, Rational>[], n: number): ComponentVector[] {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  for (const row of rows) {
    let first = -1;
    for (const c of row.keys()) {
      if (first < 0) first = find(c);
      else {
        const r = find(c);
        if (r !== first) parent[r] = first;
      }
    }
  }
  const colsOf = new Map<number, number[]>();
  for (let c = 0; c < n; c++) {
    const r = find(c);
    let list = colsOf.get(r);
    if (list === undefined) {
      list = [];
      colsOf.set(r, list);
    }
    list.push(c);
  }
  const rowsOf = new Map<number, Map<number, Rational>[]>();
  for (const row of rows) {
    if (row.size === 0) continue;
    const r = find(row.keys().next().value as number);
    let list = rowsOf.get(r);
    if (list === undefined) {
      list = [];
      rowsOf.set(r, list);
    }
    list.push(row);
  }
  const p = PRIME;
  const out: ComponentVector[] = [];
  for (const [root, cols] of colsOf) {
    const k = cols.length;
    const local = new Map<number, number>();
    cols.forEach((c, q) => {
      local.set(c, q);
    });
    const block = rowsOf.get(root) ?? [];
    const toDense = (row: Map<number, Rational>): Rational[] => {
      const d: Rational[] = new Array(k).fill(ZERO);
      for (const [c, v] of row) d[local.get(c) as number] = v;
      return d;
    };
    const basis = new ModRowBasis(k, { prime: p });
    const scratch = new Float64Array(k);
    const chosen: Rational[][] = [];
    for (const row of block) {
      if (basis.isFull) break;
      for (const [c, v] of row) scratch[local.get(c) as number] = rationalToMod(v, p);
      if (basis.add(scratch)) chosen.push(toDense(row));
      for (const c of row.keys()) scratch[local.get(c) as number] = 0;
    }
    if (basis.isFull) continue;
    let kernel = rationalNullSpace(chosen, k);
    const satisfies = (v: Rational[]) =>
      block.every((row) => {
        let num = 0n;
        let den = 1n;
        for (const [c, a] of row) {
          const b = v[local.get(c) as number] as Rational;
          if (b.num === 0n) continue;
          num = num * a.den * b.den + a.num * b.num * den;
          den = den * a.den * b.den;
        }
        return num === 0n;
      });
    if (!kernel.every(satisfies)) kernel = rationalNullSpace(block.map(toDense), k);
    for (const v of kernel) out.push({ cols, values: v });
  }
  return out;
}
