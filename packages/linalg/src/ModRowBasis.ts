import { assertModulus, modInv, PRIME } from './modArithmetic.js';
import { axpyMod, checkCols, loadRow } from './internal/modRow.js';

/** Options of {@link ModRowBasis}. */
export interface ModRowBasisOptions {
  /**
   * The prime modulus, below 2^26.
   * @default PRIME (67 108 859)
   */
  prime?: number;
}

/**
 * An incremental row-echelon basis of a subspace of GF(p)^cols.
 *
 * Invariant: the kept rows are sorted by pivot column; each kept row is zero left of its pivot and
 * equal to 1 at its pivot. A new row is reduced against the kept rows in pivot order (each step
 * zeroes one pivot column without disturbing the earlier ones); it is kept, normalised, iff a
 * nonzero entry remains, whose first position becomes its pivot. Nothing is re-ranked from
 * scratch: adding a row costs O(rank · cols) operations.
 *
 * @example
 * const basis = new ModRowBasis(3);
 * basis.add([1, 2, 3]); // true
 * basis.add([2, 4, 6]); // false (a multiple of the first row)
 * basis.add([0, 1, 0]); // true
 * basis.rank; // 2
 * @see MATH.md §2 (count algorithm: keep the fields that raise the rank)
 */
export class ModRowBasis {
  /** Length of every row. */
  readonly cols: number;
  /** The prime modulus. */
  readonly prime: number;
  readonly #invP: number;
  readonly #rows: Float64Array[] = [];
  readonly #pivots: number[] = [];
  #scratch: Float64Array;

  /**
   * Creates an empty basis (rank 0) of rows of length `cols`.
   * @param cols - the row length, a non-negative integer
   * @param options - see {@link ModRowBasisOptions}
   * @throws RangeError if `cols` is not a non-negative integer or the prime is not a prime below 2^26
   */
  constructor(cols: number, options: ModRowBasisOptions = {}) {
    checkCols('ModRowBasis', cols);
    const p = options.prime ?? PRIME;
    assertModulus('ModRowBasis: options.prime', p);
    this.cols = cols;
    this.prime = p;
    this.#invP = 1 / p;
    this.#scratch = new Float64Array(cols);
  }

  /** Number of independent rows kept so far (the dimension of their span). */
  get rank(): number {
    return this.#rows.length;
  }

  /** True when the kept rows span all of GF(p)^cols. */
  get isFull(): boolean {
    return this.#rows.length === this.cols;
  }

  /** Pivot columns of the kept rows, increasing. */
  get pivots(): readonly number[] {
    return this.#pivots.slice();
  }

  /**
   * Copies of the kept rows in echelon form (sorted by pivot; 1 at the pivot, 0 to its left).
   * @returns `rank` rows of residues
   */
  rows(): Float64Array[] {
    return this.#rows.map((r) => r.slice());
  }

  /**
   * Adds `row` if it is independent of the kept rows.
   * @param row - `cols` safe integers (any sign; reduced mod p)
   * @returns true iff the row was independent (the rank went up by one)
   * @throws TypeError if `row` is not array-like; RangeError if its length is not `cols` or an entry
   *   is not a safe integer
   * @example
   * const b = new ModRowBasis(2);
   * b.add([1, 1]); // true
   * b.add([-1, -1]); // false
   */
  add(row: ArrayLike<number>): boolean {
    const v = this.#reduceInto(row, 'ModRowBasis.add: row');
    let pivot = -1;
    for (let j = 0; j < this.cols; j++) {
      if (v[j] !== 0) {
        pivot = j;
        break;
      }
    }
    if (pivot < 0) return false;
    const p = this.prime;
    const inv = modInv(v[pivot]!, p);
    if (inv !== 1) {
      for (let j = pivot; j < this.cols; j++) v[j] = (v[j]! * inv) % p;
    }
    // Keep the scratch buffer as the new row and allocate a fresh scratch.
    this.#scratch = new Float64Array(this.cols);
    let lo = 0;
    let hi = this.#pivots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#pivots[mid]! < pivot) lo = mid + 1;
      else hi = mid;
    }
    this.#pivots.splice(lo, 0, pivot);
    this.#rows.splice(lo, 0, v);
    return true;
  }

  /**
   * Whether `row` lies in the span of the kept rows (the basis is not changed).
   * @param row - `cols` safe integers
   * @returns true iff `row` is a combination of the kept rows mod p
   * @throws as {@link ModRowBasis.add}
   * @example
   * const b = new ModRowBasis(2);
   * b.add([1, 2]);
   * b.contains([3, 6]); // true
   * b.contains([0, 1]); // false
   */
  contains(row: ArrayLike<number>): boolean {
    const v = this.#reduceInto(row, 'ModRowBasis.contains: row');
    for (let j = 0; j < this.cols; j++) if (v[j] !== 0) return false;
    return true;
  }

  /**
   * The remainder of `row` after reduction against the kept rows (zero iff `row` is in the span).
   * @param row - `cols` safe integers
   * @returns a new array of `cols` residues, zero at every pivot column
   * @throws as {@link ModRowBasis.add}
   * @example
   * const b = new ModRowBasis(2);
   * b.add([1, 1]);
   * b.reduce([3, 5]); // Float64Array [0, 2]
   */
  reduce(row: ArrayLike<number>): Float64Array {
    return this.#reduceInto(row, 'ModRowBasis.reduce: row').slice();
  }

  /**
   * The kept rows in reduced row-echelon form (also 0 above each pivot), as new arrays.
   * @returns `rank` rows of residues, sorted by pivot
   * @example
   * const b = new ModRowBasis(2);
   * b.add([1, 1]);
   * b.add([0, 1]);
   * b.reducedRows(); // [Float64Array [1, 0], Float64Array [0, 1]]
   */
  reducedRows(): Float64Array[] {
    const rows = this.rows();
    const p = this.prime;
    // Back substitution from the last pivot up: when row k is used it is already zero at every
    // later pivot column, so clearing column pivots[k] in the rows above keeps them reduced there.
    for (let k = rows.length - 1; k >= 0; k--) {
      const rk = rows[k] as Float64Array;
      const pc = this.#pivots[k]!;
      for (let i = 0; i < k; i++) {
        const ri = rows[i] as Float64Array;
        const f = ri[pc]!;
        if (f !== 0) axpyMod(ri, rk, f, pc, this.cols, p, this.#invP);
      }
    }
    return rows;
  }

  #reduceInto(row: ArrayLike<number>, label: string): Float64Array {
    const v = this.#scratch;
    loadRow(v, row, this.cols, this.prime, label);
    const n = this.#rows.length;
    if (n === this.cols) {
      v.fill(0);
      return v;
    }
    const p = this.prime;
    const invP = this.#invP;
    const cols = this.cols;
    for (let k = 0; k < n; k++) {
      const pc = this.#pivots[k]!;
      const f = v[pc]!;
      if (f !== 0) axpyMod(v, this.#rows[k] as Float64Array, f, pc, cols, p, invP);
    }
    return v;
  }
}
