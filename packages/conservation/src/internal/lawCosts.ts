// Sizes of a law computation, for the cost estimators (countLawsCost, findLawsCost,
// checkCriteriaCost). Constants were measured on this project's reference machine (README: budgets).
import type { Polynomial, VectorField } from '@idyn/poly';

/** D and the number of generators, read without building anything. */
export function lawInputSizes(fn: string, input: unknown): { D: number; generators: number } {
  if (input === null || typeof input !== 'object')
    throw new TypeError(
      `${fn}: input must be a Lifting, an array of Polynomials, { polynomials } or { fields }, got ${input === null ? 'null' : typeof input}`,
    );
  const obj = input as {
    D?: unknown;
    d?: unknown;
    polynomials?: unknown;
    fields?: unknown;
  };
  if (typeof obj.polynomials === 'function' && typeof obj.D === 'number' && typeof obj.d === 'number')
    return { D: obj.D, generators: obj.d };
  const list = Array.isArray(input) ? input : Array.isArray(obj.polynomials) ? obj.polynomials : null;
  if (list !== null) {
    const first = list[0] as Polynomial | undefined;
    return { D: typeof first?.nvars === 'number' ? first.nvars : 0, generators: list.length };
  }
  if (Array.isArray(obj.fields)) {
    const first = obj.fields[0] as VectorField | undefined;
    return { D: Array.isArray(first) ? first.length : 0, generators: obj.fields.length };
  }
  return { D: 0, generators: 0 };
}

/** Term statistics of polynomials: Σ s², Σ s³ over terms (s = variables in the term), terms. */
export function termStats(polys: readonly Polynomial[]): {
  terms: number;
  sumS2: number;
  sumS3: number;
  maxS2: number;
} {
  let terms = 0;
  let sumS2 = 0;
  let sumS3 = 0;
  let maxS2 = 0;
  for (const q of polys) {
    let s2 = 0;
    for (const t of q.terms()) {
      const s = t.variables.length;
      terms++;
      s2 += s * s;
      sumS3 += s * s * s;
    }
    sumS2 += s2;
    maxS2 = Math.max(maxS2, s2);
  }
  return { terms, sumS2, sumS3, maxS2 };
}

/**
 * The exact rank structure of a law count mod p: the annihilator of the kept span is dense, D
 * columns of D float64 residues (8 D² bytes), and adding a vector costs m·D with m = D − rank
 * (about 0.3 ns per step measured, so ~0.15 D³ ns for a rank close to D).
 */
export function annihilatorCost(D: number, rankBound: number): { memoryBytes: number; work: number } {
  const r = Math.min(rankBound, D);
  return { memoryBytes: 8 * D * D + 64 * D, work: 0.3 * r * D * (D - r / 2) };
}

/** The binomial coefficient C(n, k) in float64 (exact below 2^53). */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Whether every term of q has the same total degree. */
export function isHomogeneous(q: Polynomial): boolean {
  const terms = q.terms();
  if (terms.length === 0) return true;
  const deg = (t: { exponents: readonly number[] }) => t.exponents.reduce((a, b) => a + b, 0);
  const d0 = deg(terms[0]!);
  return terms.every((t) => deg(t) === d0);
}
