import type { CostEstimate } from '@idyn/linalg';
import type { VectorField } from '@idyn/poly';
import type { FindLawsOptions } from './findLaws.js';
import { type LawInput, normalizeInput } from './internal/input.js';
import { binomial, isHomogeneous } from './internal/lawCosts.js';

/**
 * The cost of {@link findLaws} before it builds its linear system: n unknown coefficients (the
 * monomials of the generic polynomial, C(D + k − 1, k) per degree k) and one sparse rational
 * equation entry per (generator component term, monomial containing that variable), ~150 bytes
 * and ~0.3 µs each; the elimination runs per connected block (~20 n² ns assumed).
 *
 * @param input - as for findLaws
 * @param options - as for findLaws (`degree`, `monomials`)
 * @returns the estimate (`task` 'findLaws'); `sizes.unknowns` is what `maxUnknowns` limits
 * @throws TypeError/RangeError on invalid input or options
 * @example
 * findLawsCost(twoLayerLifting(2, 2, 2), { degree: 2 }).sizes.unknowns; // 36
 * @see README (budgets)
 */
export function findLawsCost(input: LawInput, options: FindLawsOptions = {}): CostEstimate {
  const fn = 'findLawsCost';
  const norm = normalizeInput(fn, input);
  const D = norm.D;
  const degree = options.degree ?? 2;
  if (!Number.isInteger(degree) || degree < 1)
    throw new RangeError(`${fn}: options.degree must be a positive integer, got ${String(degree)}`);
  const homogeneous =
    norm.kind === 'gradients'
      ? norm.polynomials.every(isHomogeneous)
      : norm.fields.every((X) => X.every(isHomogeneous));
  const mode = options.monomials ?? 'auto';
  const upTo = mode === 'upTo' || (mode === 'auto' && !homogeneous);
  const degrees = upTo ? Array.from({ length: degree }, (_, i) => i + 1) : [degree];
  const count = degrees.reduce((s, k) => s + binomial(D + k - 1, k), 0);
  const fields: VectorField[] =
    norm.kind === 'gradients'
      ? norm.polynomials.map((q) => {
          const vars = new Set<number>();
          for (const t of q.terms()) for (const v of t.variables) vars.add(v);
          return [...vars].map((v) => q.derivative(v));
        })
      : [...norm.fields];
  return findLawsCostOf(fields, D, degrees, count);
}

/** The estimate from the generator components (zero components may be left out). */
export function findLawsCostOf(
  fields: readonly VectorField[],
  D: number,
  degrees: readonly number[],
  unknowns: number,
): CostEstimate {
  let componentTerms = 0;
  for (const X of fields) for (const c of X) if (!c.isZero) componentTerms += c.terms().length;
  // monomials containing a given variable: about unknowns · k / D per degree k
  const perVariable = D > 0 ? degrees.reduce((s, k) => s + (binomial(D + k - 1, k) * k) / D, 0) : 0;
  const entries = componentTerms * perVariable;
  return {
    task: 'findLaws',
    action: 'solving for polynomial conservation laws',
    memoryBytes: 150 * entries + 200 * unknowns + 1e4,
    work: 300 * entries + 20 * unknowns * unknowns,
    sizes: { D, degree: Math.max(...degrees), unknowns },
  };
}
