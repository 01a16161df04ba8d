import { gradient, Polynomial, type VectorField } from '../src/index.js';

/**
 * Path-lifting of a layered network without biases, built from its definition (MATH.md §1):
 * the path (i_0, …, i_L) gives the monomial W_1[i_1, i_0] · … · W_L[i_L, i_{L−1}].
 * Parameters are ordered as in the CL23 peer: W_1 row-major, then W_2, …; W_l[a, b] is named
 * `w{l-1}_{a}_{b}` there, `W{l}[a,b]` here.
 */
export function pathMonomials(dims: readonly number[]): {
  D: number;
  names: string[];
  monomials: Polynomial[];
} {
  const offsets: number[] = [];
  const names: string[] = [];
  let D = 0;
  for (let l = 0; l + 1 < dims.length; l++) {
    offsets.push(D);
    for (let a = 0; a < dims[l + 1]!; a++) for (let b = 0; b < dims[l]!; b++) names.push(`w${l}_${a}_${b}`);
    D += dims[l]! * dims[l + 1]!;
  }
  const monomials: Polynomial[] = [];
  const path: number[] = new Array(dims.length).fill(0);
  // Enumerate paths in the order of itertools.product (last index fastest), as the peer does.
  const visit = (l: number) => {
    if (l === dims.length) {
      const vars = offsets.map((o, k) => o + path[k + 1]! * dims[k]! + path[k]!);
      monomials.push(
        Polynomial.fromTerms(D, [{ coefficient: 1, variables: vars, exponents: vars.map(() => 1) }]),
      );
      return;
    }
    for (let i = 0; i < dims[l]!; i++) {
      path[l] = i;
      visit(l + 1);
    }
  };
  visit(0);
  return { D, names, monomials };
}

/** The gradient fields ∇Φ_p of all paths. */
export function pathGradientFields(dims: readonly number[]): VectorField[] {
  return pathMonomials(dims).monomials.map(gradient);
}

/** All unordered pairs (i < j) of n items, lexicographic, then every `stride`-th one. */
export function pairs(n: number, stride = 1): [number, number][] {
  const out: [number, number][] = [];
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++, k++) if (k % stride === 0) out.push([i, j]);
  return out;
}
