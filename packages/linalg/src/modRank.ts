import type { ModRowBasisOptions } from './ModRowBasis.js';
import { fillBasis } from './internal/fillBasis.js';

/** Options of {@link modRank}. */
export type ModRankOptions = ModRowBasisOptions;

/**
 * Rank over GF(p) of the matrix whose rows are `rows`.
 *
 * For an integer matrix this equals its rank over Q unless p divides every maximal nonzero minor,
 * which for a matrix built from a random point happens with probability at most deg/p
 * (Schwartz–Zippel); the rank mod p is never larger than the rank over Q.
 * @param rows - the matrix rows, each `cols` safe integers (any sign; reduced mod p)
 * @param cols - the number of columns
 * @param options - see {@link ModRankOptions}
 * @returns the rank, in [0, min(rows.length, cols)]
 * @throws TypeError if `rows` is not an array of arrays; RangeError on a wrong row length, a
 *   non-integer entry (message names `rows[i][j]`), or a bad `cols`/prime
 * @example
 * modRank([[1, 2], [2, 4]], 2); // 1
 * modRank([[1, 2], [3, 4]], 2); // 2
 * @see MATH.md §2
 */
export function modRank(
  rows: ReadonlyArray<ArrayLike<number>>,
  cols: number,
  options: ModRankOptions = {},
): number {
  return fillBasis('modRank', rows, cols, options).rank;
}
