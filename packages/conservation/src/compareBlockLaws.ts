import { type BlockLawsResult, type BlockSelector, blockLaws } from './blockLaws.js';
import { type CountLawsResult, countLaws } from './countLaws.js';
import { findLaws } from './findLaws.js';
import { blockFields, generatorFields, resolveBlock, zeroField } from './internal/blockFields.js';
import { type LawInput, normalizeInput } from './internal/input.js';

/** Options of {@link compareBlockLaws}. */
export interface CompareBlockLawsOptions {
  /**
   * Also compare the spaces of polynomial laws of this degree (exact kernels of `findLaws`); `0`
   * skips it.
   * @default 2
   */
  degree?: number;
  /**
   * Number of random points of each count.
   * @default 3
   */
  points?: number;
  /**
   * Seed of the random points.
   * @default 0
   */
  seed?: number;
  /**
   * Largest number of unknown coefficients of the polynomial comparison (see `findLaws`).
   * @default 4000
   */
  maxUnknowns?: number;
}

/** Dimensions of the spaces of polynomial laws of one degree. */
export interface PolynomialLawSpaces {
  /** The degree compared. */
  readonly degree: number;
  /** Dimension of the space of degree-k laws of the block inside the network. */
  readonly inNetwork: number;
  /** Dimension of the space of degree-k laws of the block's own lifting. */
  readonly isolated: number;
  /** Dimension of their intersection (laws of both families at once). */
  readonly common: number;
  /** Whether the two spaces are equal: inNetwork = isolated = common. */
  readonly same: boolean;
}

/** Result of {@link compareBlockLaws}. */
export interface CompareBlockLawsResult {
  /** The laws that depend only on the block, inside the network. */
  readonly inNetwork: BlockLawsResult;
  /** The laws of the block's own lifting. */
  readonly isolated: CountLawsResult;
  /** Number of independent functions conserved by both (the laws of the union of the two families). */
  readonly common: number;
  /**
   * Whether the two spaces of laws are the same: inNetwork.laws = isolated.laws = common, i.e. the
   * laws of each are functions of the laws they share (near a generic point).
   */
  readonly same: boolean;
  /** The comparison of the polynomial laws of `degree` (absent when `degree` is 0). */
  readonly polynomial?: PolynomialLawSpaces;
}

/**
 * Checks MATH.md §7's statement that the conservation laws depending only on a block S of a network
 * are the laws of the block's own lifting in isolation — as spaces, not just counts, exactly.
 *
 * Three counts at random points mod p: the laws of the restricted generators Y_α on R^S (see
 * {@link blockLaws}), the laws of the isolated lifting (its gradients, as fields on R^S), and the laws
 * of the union of both families, which are the functions conserved by both. The law spaces agree iff
 * the three numbers agree. With `degree` > 0 the same is done for the exact spaces of polynomial laws
 * of that degree (kernel dimensions of `findLaws` for each family and for their union, whose kernel
 * is the intersection): equal dimensions prove equal spaces.
 *
 * @param network - the whole lifting (a Lifting, Polynomials, `{ polynomials }` or `{ fields }`)
 * @param block - the block in `network` (see {@link BlockSelector}); its order must be the isolated
 *   lifting's θ order: block[j] is the network parameter that is variable j of `isolated`
 * @param isolated - the block's own lifting, in |S| variables
 * @param options - see {@link CompareBlockLawsOptions}
 * @returns the three counts, the verdict and the polynomial comparison
 * @throws TypeError/RangeError as {@link blockLaws}; RangeError if `isolated` does not have |S| variables
 * @example
 * const net = pathLifting(parseNetwork('relu:2-3-3-2'));
 * const r = compareBlockLaws(net, { layers: [2, 3] }, pathLifting(parseNetwork('relu:3-3-2')));
 * [r.inNetwork.laws, r.isolated.laws, r.common, r.same]; // [3, 3, 3, true]
 * r.polynomial; // { degree: 2, inNetwork: 3, isolated: 3, common: 3, same: true }
 * @see MATH.md §7 (block laws)
 */
export function compareBlockLaws(
  network: LawInput,
  block: BlockSelector,
  isolated: LawInput,
  options: CompareBlockLawsOptions = {},
): CompareBlockLawsResult {
  const fn = 'compareBlockLaws';
  const degree = options.degree ?? 2;
  if (!Number.isInteger(degree) || degree < 0) {
    throw new RangeError(`${fn}: options.degree must be a non-negative integer, got ${String(degree)}`);
  }
  const counting = {
    ...(options.points === undefined ? {} : { points: options.points }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  const norm = normalizeInput(fn, network);
  const S = resolveBlock(fn, block, network, norm);
  const iso = normalizeInput(fn, isolated);
  if (iso.D !== S.length) {
    throw new RangeError(
      `${fn}: isolated has ${iso.D} parameters, expected the block's size |S| = ${S.length}`,
    );
  }
  const names = S.map((i) => norm.paramNames[i]!);
  const inNetwork = blockLaws(network, S, counting);
  const restricted = blockFields(norm, S);
  const restrictedOrZero = restricted.length > 0 ? restricted : [zeroField(S.length)];
  const own = generatorFields(iso);
  const isolatedCount = countLaws({ fields: own, paramNames: names }, counting);
  const union = [...restricted, ...own];
  const common = countLaws({ fields: union, paramNames: names }, counting).laws;
  const same = inNetwork.laws === isolatedCount.laws && inNetwork.laws === common;
  if (degree === 0) return { inNetwork, isolated: isolatedCount, common, same };
  // One monomial set for the three kernels (chosen on the union: homogeneous only when all are).
  const extra = options.maxUnknowns === undefined ? {} : { maxUnknowns: options.maxUnknowns };
  const all = findLaws({ fields: union, paramNames: names }, { degree, ...extra });
  const find = (fields: typeof union) =>
    findLaws({ fields, paramNames: names }, { degree, monomials: all.monomials, ...extra }).kernelDimension;
  const a = find(restrictedOrZero);
  const b = find(own);
  const c = all.kernelDimension;
  const polynomial: PolynomialLawSpaces = {
    degree,
    inNetwork: a,
    isolated: b,
    common: c,
    same: a === b && b === c,
  };
  return { inNetwork, isolated: isolatedCount, common, same, polynomial };
}
