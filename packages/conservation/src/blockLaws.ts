import type { Polynomial } from '@idyn/poly';
import { type CountLawsOptions, type CountLawsResult, countLaws } from './countLaws.js';
import { type FindLawsResult, findLaws } from './findLaws.js';
import {
  type BlockSelector,
  blockFields,
  resolveBlock,
  toBlockPolynomial,
  zeroField,
} from './internal/blockFields.js';
import { type LawInput, normalizeInput } from './internal/input.js';

export type { BlockSelector } from './internal/blockFields.js';

/** Options of {@link blockLaws}. */
export interface BlockLawsOptions extends Omit<CountLawsOptions, 'knownLaws'> {
  /**
   * Also find the laws' formulas: all polynomial laws of this degree in the block's parameters
   * (`findLaws` on the restricted fields); `0` skips them.
   * @default 0
   */
  degree?: number;
  /**
   * Largest number of unknown coefficients for the formulas (see `findLaws`).
   * @default 4000
   */
  maxUnknowns?: number;
}

/** Result of {@link blockLaws}. */
export interface BlockLawsResult {
  /** The block: parameter indices into θ, in the block's own order. */
  readonly block: readonly number[];
  /** Their names. */
  readonly paramNames: readonly string[];
  /** Number of parameters of the whole lifting. */
  readonly D: number;
  /** Number of parameters of the block, |S|. */
  readonly size: number;
  /** Number of distinct restricted generators Y_α on R^S (see the README). */
  readonly fields: number;
  /** Dimension of the trace on R^S of the Lie algebra the restricted generators generate. */
  readonly lieDim: number;
  /** Number of independent conservation laws that depend only on the block, |S| − lieDim. */
  readonly laws: number;
  /**
   * Rank of the input's known laws whose variables all lie in the block (null when the input has
   * no known laws).
   */
  readonly knownLaws: number | null;
  /** Whether those known laws are all the block laws; null without known laws. */
  readonly complete: boolean | null;
  /** The known laws that depend only on the block, as polynomials in the block's variables. */
  readonly knownBlockLaws: readonly Polynomial[];
  /** The full count on R^S (per level, per point). */
  readonly count: CountLawsResult;
  /** Formulas of the given degree, in the block's variables (named by `paramNames`); absent when `degree` is 0. */
  readonly formulas?: FindLawsResult;
}

/**
 * The conservation laws that depend only on a block S of the parameters (MATH.md §7, block laws),
 * counted exactly: a function h(θ_S) is conserved iff it is a first integral of the restricted
 * generators Y_α on R^S, the coefficients of the generators' S-components as polynomials in the other
 * parameters (see the README). Their number is |S| − dim of the trace of the Lie algebra the Y_α
 * generate, counted by {@link countLaws} at random points mod p; formulas by {@link findLaws}.
 *
 * Such a law is conserved for every network that contains the block; MATH.md §7 states that they are
 * the laws of the block's own lifting in isolation: {@link compareBlockLaws} checks it.
 *
 * @param input - a Lifting (a path-lifting for `{ layers }`), Polynomials or `{ polynomials }` / `{ fields }`
 * @param block - parameter indices, `{ names }`, `{ match: RegExp }` on the parameter names, or
 *   `{ layers: depths }` for a path-lifting (weights of edges into, and biases of, the nodes at these
 *   depths; inputs have depth 0, a node 1 + the largest depth of its tails)
 * @param options - those of {@link countLaws} (mode `'certify'` stops at |S| − rank of the input's
 *   known laws that lie inside the block, and runs blind when there is none: `count.mode` says
 *   which ran), plus `degree` for formulas
 * @returns the counts and optional formulas; see {@link BlockLawsResult}
 * @throws TypeError/RangeError naming the argument (an index out of range, an unknown name, a repeated
 *   parameter, an empty block, `layers` without a network)
 * @example
 * const lift = pathLifting(parseNetwork('relu:2-3-3-2'));
 * const r = blockLaws(lift, { layers: [1, 2] }, { degree: 2 });
 * [r.size, r.laws]; // [15, 3]: the h_v of the 3 neurons of layer 1
 * r.formulas.laws[0].text; // 'w(x0→h1_0)² + w(x1→h1_0)² − w(h1_0→h2_0)² − …'
 * blockLaws(lift, { layers: [1] }).laws; // 0
 * @see MATH.md §7 (block laws)
 */
export function blockLaws(
  input: LawInput,
  block: BlockSelector,
  options: BlockLawsOptions = {},
): BlockLawsResult {
  const fn = 'blockLaws';
  const norm = normalizeInput(fn, input);
  const S = resolveBlock(fn, block, input, norm);
  const n = S.length;
  const names = S.map((i) => norm.paramNames[i]!);
  const degree = options.degree ?? 0;
  if (!Number.isInteger(degree) || degree < 0) {
    throw new RangeError(`${fn}: options.degree must be a non-negative integer, got ${String(degree)}`);
  }
  const local = new Int32Array(norm.D).fill(-1);
  S.forEach((i, j) => {
    local[i] = j;
  });
  const known: Polynomial[] = [];
  for (const h of norm.knownLaws ?? []) {
    const m = toBlockPolynomial(h, local, n);
    if (m !== null && !m.isZero) known.push(m);
  }
  const fields = blockFields(norm, S);
  // No generator moves the block: one zero field, so that every function of θ_S counts as a law.
  const family = fields.length > 0 ? fields : [zeroField(n)];
  const { degree: _degree, maxUnknowns, ...countOptions } = options;
  const mode = countOptions.mode === 'certify' && known.length === 0 ? 'blind' : countOptions.mode;
  const count = countLaws(
    { fields: family, knownLaws: known, paramNames: names },
    { ...countOptions, ...(mode ? { mode } : {}) },
  );
  const hasKnown = norm.knownLaws !== null;
  const result: BlockLawsResult = {
    block: S,
    paramNames: names,
    D: norm.D,
    size: n,
    fields: fields.length,
    lieDim: count.lieDim,
    laws: count.laws,
    knownLaws: hasKnown ? (count.knownLaws ?? 0) : null,
    complete: hasKnown ? count.laws === (count.knownLaws ?? 0) : null,
    knownBlockLaws: known,
    count,
  };
  if (degree === 0) return result;
  const formulas = findLaws(
    { fields: family, paramNames: names },
    { degree, ...(maxUnknowns === undefined ? {} : { maxUnknowns }) },
  );
  return { ...result, formulas };
}
