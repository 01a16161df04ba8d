import { ModRowBasis, type ModRowBasisOptions } from '../ModRowBasis.js';
import { checkCols } from './modRow.js';

/** Builds a basis from all rows, with error messages naming `rows[i]`. */
export function fillBasis(
  label: string,
  rows: ReadonlyArray<ArrayLike<number>>,
  cols: number,
  options: ModRowBasisOptions,
): ModRowBasis {
  checkCols(label, cols);
  if (!Array.isArray(rows)) {
    throw new TypeError(`${label}: rows must be an array of rows, got ${typeof rows}`);
  }
  const basis = new ModRowBasis(cols, options);
  for (let i = 0; i < rows.length; i++) {
    try {
      basis.add(rows[i] as ArrayLike<number>);
    } catch (e) {
      if (e instanceof RangeError) {
        throw new RangeError(e.message.replace('ModRowBasis.add: row', `${label}: rows[${i}]`));
      }
      if (e instanceof TypeError) {
        throw new TypeError(e.message.replace('ModRowBasis.add: row', `${label}: rows[${i}]`));
      }
      throw e;
    }
  }
  return basis;
}
