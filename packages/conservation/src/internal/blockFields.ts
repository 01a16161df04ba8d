import { type Network, nodeDepths } from '@idyn/graph';
import { type Rational, rational, rationalMul } from '@idyn/linalg';
import { gradient, Polynomial, type PolynomialTermInput, type VectorField } from '@idyn/poly';
import type { NormalizedInput } from './input.js';

/**
 * How a block of parameters is named: parameter indices (their order is the block's own θ order),
 * parameter names, a regular expression on the names, or, for a path-lifting of a network, the
 * depths of the layers whose incoming weights and biases form the block.
 */
export type BlockSelector =
  | readonly number[]
  | { readonly names: readonly string[] }
  | { readonly match: RegExp }
  | { readonly layers: readonly number[] };

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (x instanceof RegExp) return String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  return typeof x === 'object' || typeof x === 'function' ? typeof x : String(x);
}

/**
 * Resolves a selector to distinct parameter indices (in the selector's order for index and name
 * lists, increasing otherwise).
 */
export function resolveBlock(
  fn: string,
  selector: BlockSelector,
  input: unknown,
  norm: NormalizedInput,
): number[] {
  const D = norm.D;
  const names = norm.paramNames;
  let block: number[];
  if (Array.isArray(selector)) {
    block = selector.map((i, k) => {
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= D) {
        throw new RangeError(`${fn}: block[${k}] must be a parameter index in [0, ${D}), got ${describe(i)}`);
      }
      return i;
    });
  } else if (selector !== null && typeof selector === 'object' && 'names' in selector) {
    if (!Array.isArray(selector.names))
      throw new TypeError(`${fn}: block.names must be an array of strings, got ${describe(selector.names)}`);
    const index = new Map(names.map((n, i) => [n, i]));
    block = selector.names.map((n, k) => {
      const i = index.get(n);
      if (i === undefined)
        throw new RangeError(`${fn}: block.names[${k}] = ${describe(n)} is not a parameter name`);
      return i;
    });
  } else if (selector !== null && typeof selector === 'object' && 'match' in selector) {
    if (!(selector.match instanceof RegExp))
      throw new TypeError(`${fn}: block.match must be a RegExp, got ${describe(selector.match)}`);
    const re = new RegExp(selector.match.source, selector.match.flags.replace('g', ''));
    block = [];
    names.forEach((n, i) => {
      if (re.test(n)) block.push(i);
    });
  } else if (selector !== null && typeof selector === 'object' && 'layers' in selector) {
    const net = (input as { network?: Network }).network;
    if (net === undefined || typeof net !== 'object' || !Array.isArray(net.edges)) {
      throw new TypeError(`${fn}: block.layers needs a path-lifting of a network (input.network), got none`);
    }
    if (!Array.isArray(selector.layers))
      throw new TypeError(`${fn}: block.layers must be an array of depths, got ${describe(selector.layers)}`);
    const depth = nodeDepths(net);
    const maxDepth = depth.reduce((a, b) => Math.max(a, b), 0);
    const wanted = new Set<number>();
    selector.layers.forEach((l, k) => {
      if (typeof l !== 'number' || !Number.isInteger(l) || l < 1 || l > maxDepth) {
        throw new RangeError(
          `${fn}: block.layers[${k}] must be a depth in [1, ${maxDepth}], got ${describe(l)}`,
        );
      }
      wanted.add(l);
    });
    const inBlock = new Uint8Array(D);
    net.edges.forEach((edge, e) => {
      const p = net.edgeParam[e]!;
      if (p >= 0 && wanted.has(depth[edge.to]!)) inBlock[p] = 1;
    });
    net.biasParam.forEach((p, v) => {
      if (p >= 0 && wanted.has(depth[v]!)) inBlock[p] = 1;
    });
    block = [];
    inBlock.forEach((b, i) => {
      if (b === 1) block.push(i);
    });
  } else {
    throw new TypeError(
      `${fn}: block must be parameter indices, { names }, { match } or { layers }, got ${describe(selector)}`,
    );
  }
  if (block.length === 0) throw new RangeError(`${fn}: the block selects no parameter`);
  const seen = new Set<number>();
  for (const i of block) {
    if (seen.has(i)) throw new RangeError(`${fn}: the block names parameter ${i} (${names[i]}) twice`);
    seen.add(i);
  }
  return block;
}

/** Maps a polynomial in the D variables whose variables all lie in the block to the block's variables. */
export function toBlockPolynomial(h: Polynomial, local: Int32Array, n: number): Polynomial | null {
  const terms: PolynomialTermInput[] = [];
  for (const t of h.terms()) {
    const vars: number[] = [];
    for (const v of t.variables) {
      const j = local[v]!;
      if (j < 0) return null;
      vars.push(j);
    }
    terms.push({ coefficient: t.coefficient, variables: vars, exponents: t.exponents });
  }
  return Polynomial.fromTerms(n, terms);
}

/**
 * The generators restricted to a block S (MATH.md §7, block laws, derived): a function h(θ_S) is
 * conserved iff Σ_{j∈S} X_j(θ) ∂_j h(θ_S) ≡ 0 for every generator X. Writing the components
 * X_j, j ∈ S, as polynomials in the other parameters θ_{S^c} with coefficients that are polynomial
 * fields Y_α(θ_S) (one per monomial α in θ_{S^c}), this holds iff Y_α · ∇h ≡ 0 for every α. The laws
 * that depend only on S are therefore exactly the laws of the family {Y_α} on R^S. Zero and
 * repeated fields are dropped.
 */
export function blockFields(norm: NormalizedInput, block: readonly number[]): VectorField[] {
  const D = norm.D;
  const n = block.length;
  const local = new Int32Array(D).fill(-1);
  block.forEach((i, j) => {
    local[i] = j;
  });
  const out: VectorField[] = [];
  const seen = new Set<string>();
  // One generator at a time: α (the monomial in θ_{S^c}, as a key) -> terms of each component.
  let byMonomial = new Map<string, PolynomialTermInput[][]>();
  /** Files the term c · Π x_vars^exps of component j (a block index) under its θ_{S^c} monomial. */
  const add = (j: number, c: Rational, vars: readonly number[], exps: readonly number[]) => {
    let key = '';
    const v: number[] = [];
    const e: number[] = [];
    for (let q = 0; q < vars.length; q++) {
      if (exps[q] === 0) continue;
      const l = local[vars[q]!]!;
      if (l < 0) key += `${vars[q]}^${exps[q]},`;
      else {
        v.push(l);
        e.push(exps[q]!);
      }
    }
    let comps = byMonomial.get(key);
    if (comps === undefined) {
      comps = Array.from({ length: n }, () => []);
      byMonomial.set(key, comps);
    }
    comps[j]!.push({ coefficient: c, variables: v, exponents: e });
  };
  const zero = Polynomial.zero(n);
  const flush = () => {
    for (const comps of byMonomial.values()) {
      // A canonical key from the raw terms (distinct monomials per component), so that repeated
      // fields are dropped before any polynomial is built.
      let key = '';
      comps.forEach((terms, j) => {
        if (terms.length === 0) return;
        const parts = terms.map((t) => {
          const c = t.coefficient as Rational;
          return `${c.num}/${c.den}@${(t.variables ?? []).join('.')}^${t.exponents.join('.')}`;
        });
        key += `${j}:${parts.sort().join(';')}|`;
      });
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      out.push(comps.map((terms) => (terms.length === 0 ? zero : Polynomial.fromTerms(n, terms))));
    }
    byMonomial = new Map();
  };
  if (norm.kind === 'gradients') {
    // ∂_j of each term, read off the terms (only the block variables a term contains).
    for (const q of norm.polynomials) {
      for (const t of q.terms()) {
        t.variables.forEach((v, k) => {
          const j = local[v]!;
          if (j < 0) return;
          const e = t.exponents[k]!;
          const exps = t.exponents.map((x, m) => (m === k ? x - 1 : x));
          add(j, rationalMul(t.coefficient, rational(e)), t.variables, exps);
        });
      }
      flush();
    }
  } else {
    for (const X of norm.fields) {
      for (let j = 0; j < n; j++)
        for (const t of X[block[j]!]!.terms()) add(j, t.coefficient, t.variables, t.exponents);
      flush();
    }
  }
  return out;
}

/** The gradient fields ∇φ_i of polynomials (or the fields themselves) of a normalised input. */
export function generatorFields(norm: NormalizedInput): VectorField[] {
  if (norm.kind === 'fields') return [...norm.fields];
  return norm.polynomials.map((q) => gradient(q));
}

/** The zero field on R^n (its laws are all functions). */
export function zeroField(n: number): VectorField {
  return Array.from({ length: n }, () => Polynomial.zero(n));
}
