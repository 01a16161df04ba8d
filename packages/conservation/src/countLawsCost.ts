import type { CostEstimate } from '@idyn/linalg';
import type { CountLawsOptions } from './countLaws.js';
import { type LawInput, type NormalizedInput, normalizeInput } from './internal/input.js';
import { annihilatorCost, lawInputSizes, termStats } from './internal/lawCosts.js';

/**
 * The cost of {@link countLaws} before it runs. Per random point: the exact annihilator of the
 * kept span (8 D² bytes, ~0.15 D³ ns when the rank nears D), the generators' values and Jacobians
 * (a term in s variables costs s³ modular products for its Hessian, ~30 ns each, and its Hessian
 * s² map entries of ~120 bytes), and the known laws' gradient basis (8 D bytes per law). Measured
 * on relu:40-40-40 (D = 3200, 13 s) and poly:x1*…*x600 (10 s); accurate to a factor ~2.
 *
 * With a Lifting, its polynomials are built (and cached by the lifting) to read the term sizes.
 *
 * @param input - as for countLaws
 * @param options - as for countLaws (`points` scales the work)
 * @returns the estimate (`task` 'countLaws')
 * @throws TypeError/RangeError on invalid input or a bad `points`
 * @example
 * countLawsCost(pathLifting(parseNetwork('relu:2-3-2'))).memoryBytes; // ~1e4
 * countLawsCost(polynomialLifting(['x1*x2*…*x3000'], names)).work; // ~2.4e12: above the default budget
 * @see README (budgets)
 */
export function countLawsCost(input: LawInput, options: CountLawsOptions = {}): CostEstimate {
  const fn = 'countLawsCost';
  const points = checkPoints(fn, options.points);
  const { generators } = lawInputSizes(fn, input);
  const norm = normalizeInput(fn, input);
  return countLawsCostOf(norm, generators, points, options.knownLaws?.length ?? norm.knownLaws?.length ?? 0);
}

/** The estimate from a normalized input. */
export function countLawsCostOf(
  norm: NormalizedInput,
  generators: number,
  points: number,
  known: number,
): CostEstimate {
  const D = norm.D;
  const polys = norm.kind === 'gradients' ? norm.polynomials : norm.fields.flat();
  const stats = termStats(polys);
  // one generator brackets to nothing; otherwise the trace may reach D
  const ann = annihilatorCost(D, generators <= 1 ? generators : D);
  const memoryBytes =
    ann.memoryBytes + 8 * D * known + 120 * stats.maxS2 + 48 * stats.terms + points * 16 * D;
  const work = points * (ann.work + 30 * stats.sumS3 + 10 * stats.sumS2 + 2 * D * known);
  return {
    task: 'countLaws',
    action: 'counting conservation laws',
    memoryBytes,
    work,
    sizes: { D, generators, terms: stats.terms, points },
  };
}

/** The cheap part of the estimate, from D alone (no polynomial is built). */
export function countLawsLowerBound(input: LawInput, options: CountLawsOptions): CostEstimate {
  const fn = 'countLaws';
  const points = checkPoints(fn, options.points);
  const { D, generators } = lawInputSizes(fn, input);
  const ann = annihilatorCost(D, generators <= 1 ? generators : Math.min(D, generators));
  return {
    task: 'countLaws',
    action: 'counting conservation laws',
    memoryBytes: ann.memoryBytes,
    work: points * ann.work,
    sizes: { D, generators, points },
  };
}

function checkPoints(fn: string, points: unknown): number {
  const n = points ?? 3;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    throw new RangeError(`${fn}: options.points must be a positive integer, got ${String(points)}`);
  return n;
}
