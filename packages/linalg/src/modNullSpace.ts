import type { ModRowBasisOptions } from './ModRowBasis.js';
import { fillBasis } from './internal/fillBasis.js';

/** Options of {@link modNullSpace}. */
export type ModNullSpaceOptions = ModRowBasisOptions;

/**
 * A basis of the right kernel {x : A x = 0} over GF(p) of the matrix A whose rows are `rows`.
 *
 * From the reduced row-echelon form R of A with pivot columns P, there is one basis vector per
 * free column f: x_f = 1, x_q = 0 for the other free columns q, and x_{P_k} = -R_{k f}.
 * @param rows - the matrix rows, each `cols` safe integers (any sign; reduced mod p)
 * @param cols - the number of columns
 * @param options - see {@link ModNullSpaceOptions}
 * @returns `cols - rank` vectors of `cols` residues in [0, p), one per free column, in increasing
 *   order of their free column
 * @throws as {@link modRank}
 * @example
 * modNullSpace([[1, 1, 0], [0, 0, 1]], 3); // [Float64Array [PRIME - 1, 1, 0]]
 * @see MATH.md §2 (algorithm: formulas, kernel of the coefficient equations)
 */
export function modNullSpace(
  rows: ReadonlyArray<ArrayLike<number>>,
  cols: number,
  options: ModNullSpaceOptions = {},
): Float64Array[] {
  const basis = fillBasis('modNullSpace', rows, cols, options);
  const p = basis.prime;
  const reduced = basis.reducedRows();
  const pivots = basis.pivots;
  const isPivot = new Uint8Array(cols);
  for (const pc of pivots) isPivot[pc] = 1;
  const out: Float64Array[] = [];
  for (let f = 0; f < cols; f++) {
    if (isPivot[f]) continue;
    const x = new Float64Array(cols);
    x[f] = 1;
    for (let k = 0; k < reduced.length; k++) {
      const rkf = (reduced[k] as Float64Array)[f]!;
      x[pivots[k]!] = rkf === 0 ? 0 : p - rkf;
    }
    out.push(x);
  }
  return out;
}
