import { assertModulus, modInv, PRIME } from './modArithmetic.js';

/** Options of {@link SparseModRowBasis}. */
export interface SparseModRowBasisOptions {
  /**
   * The prime modulus, below 2^26.
   * @default PRIME (67 108 859)
   */
  prime?: number;
}

/** A sparse row: column index → value. */
export type SparseRow = ReadonlyMap<number, number>;

/**
 * An incremental row-echelon basis over GF(p) with sparse rows, for systems with many short rows
 * over many columns (the structural equations of weight sharing, law gradients of large networks),
 * where the dense {@link ModRowBasis} would spend O(cols) per row on zeros.
 *
 * Invariant: each kept row is normalised to 1 at its pivot, its smallest column, and no two kept
 * rows share a pivot. Adding a row eliminates, smallest column first, every entry that is a pivot of
 * a kept row; the cost is proportional to the entries touched, not to the number of columns.
 *
 * @example
 * const b = new SparseModRowBasis();
 * b.add(new Map([[0, 1], [5, -1]])); // true
 * b.add(new Map([[5, 2], [0, -2]])); // false (−2 times the first row)
 * b.rank; // 1
 * b.nullSpace(6).length; // 5
 * @see MATH.md §2 (exact ranks), §7 (rescaling symmetries of shared weights)
 */
export class SparseModRowBasis {
  /** The prime modulus. */
  readonly prime: number;
  readonly #rows = new Map<number, Map<number, number>>();
  #reduced = true;

  /**
   * Creates an empty basis (rank 0).
   * @param options - see {@link SparseModRowBasisOptions}
   * @throws RangeError if the prime is not a prime below 2^26
   */
  constructor(options: SparseModRowBasisOptions = {}) {
    const p = options.prime ?? PRIME;
    assertModulus('SparseModRowBasis: options.prime', p);
    this.prime = p;
  }

  /** Number of independent rows kept so far. */
  get rank(): number {
    return this.#rows.size;
  }

  /** Pivot columns of the kept rows, increasing. */
  get pivots(): number[] {
    return [...this.#rows.keys()].sort((a, b) => a - b);
  }

  /**
   * Adds `row` if it is independent of the kept rows.
   * @param row - column → value (columns non-negative integers, values safe integers of any sign,
   *   reduced mod p; zeros ignored)
   * @returns true iff the rank went up by one
   * @throws RangeError naming the column if a column or value is not an integer in range
   * @example
   * const b = new SparseModRowBasis({ prime: 7 });
   * b.add(new Map([[2, 3]])); // true
   * b.add(new Map([[2, 10]])); // false (10 ≡ 3 mod 7)
   */
  add(row: SparseRow): boolean {
    const p = this.prime;
    const v = new Map<number, number>();
    for (const [k, x] of row) {
      if (!Number.isInteger(k) || k < 0) {
        throw new RangeError(`SparseModRowBasis.add: column ${String(k)} is not a non-negative integer`);
      }
      if (!Number.isSafeInteger(x)) {
        throw new RangeError(`SparseModRowBasis.add: row[${k}] = ${String(x)} is not a safe integer`);
      }
      const r = ((x % p) + p) % p;
      if (r !== 0) v.set(k, r);
    }
    for (;;) {
      let c = -1;
      for (const k of v.keys()) if (c < 0 || k < c) c = k;
      if (c < 0) return false;
      const a = v.get(c)!;
      const pivot = this.#rows.get(c);
      if (pivot === undefined) {
        const inv = modInv(a, p);
        for (const [k, x] of v) v.set(k, (x * inv) % p);
        this.#rows.set(c, v);
        this.#reduced = this.#rows.size === 1;
        return true;
      }
      // Residues are below 2^26, so every product is below 2^52: exact in float64.
      for (const [k, x] of pivot) {
        const y = ((v.get(k) ?? 0) - ((a * x) % p) + p) % p;
        if (y === 0) v.delete(k);
        else v.set(k, y);
      }
    }
  }

  /**
   * The kept rows in reduced row-echelon form (every pivot column zero in every other row), sorted
   * by pivot, as copies.
   * @returns `rank` sparse rows of residues in [1, p)
   * @example
   * const b = new SparseModRowBasis();
   * b.add(new Map([[0, 1], [1, 1]]));
   * b.add(new Map([[1, 1], [2, 1]]));
   * b.reducedRows(); // [Map {0 => 1, 2 => PRIME - 1}, Map {1 => 1, 2 => 1}]
   */
  reducedRows(): Map<number, number>[] {
    this.#reduce();
    return this.pivots.map((c) => new Map(this.#rows.get(c)!));
  }

  /**
   * A basis of the right kernel {x : R x = 0} over columns 0..cols−1: one vector per free column f
   * (x_f = 1, x_c = −R[c, f] at every pivot c, 0 elsewhere), in increasing order of f.
   * @param cols - the number of columns (at least 1 + the largest column seen)
   * @returns `cols − rank` sparse vectors of residues
   * @throws RangeError if `cols` is smaller than a column of a kept row
   * @example
   * const b = new SparseModRowBasis();
   * b.add(new Map([[0, 1], [1, -1]]));
   * b.nullSpace(2); // [Map {1 => 1, 0 => 1}]
   */
  nullSpace(cols: number): Map<number, number>[] {
    this.#reduce();
    const p = this.prime;
    const byFree = new Map<number, Map<number, number>>();
    for (let f = 0; f < cols; f++) if (!this.#rows.has(f)) byFree.set(f, new Map([[f, 1]]));
    for (const [c, row] of this.#rows) {
      for (const [k, x] of row) {
        if (k === c) continue;
        const vec = byFree.get(k);
        if (vec === undefined) {
          throw new RangeError(`SparseModRowBasis.nullSpace: cols = ${cols} but a kept row has column ${k}`);
        }
        vec.set(c, (p - x) % p);
      }
    }
    return [...byFree.values()];
  }

  #reduce(): void {
    if (this.#reduced) return;
    const p = this.prime;
    // Highest pivot first: the rows already processed are reduced, so eliminating them from a row
    // never brings back a pivot column.
    for (const c of this.pivots.reverse()) {
      const row = this.#rows.get(c)!;
      const ks = [...row.keys()].filter((k) => k !== c && this.#rows.has(k)).sort((a, b) => a - b);
      for (const k of ks) {
        const a = row.get(k);
        if (a === undefined) continue;
        for (const [kk, x] of this.#rows.get(k)!) {
          const y = ((row.get(kk) ?? 0) - ((a * x) % p) + p) % p;
          if (y === 0) row.delete(kk);
          else row.set(kk, y);
        }
      }
    }
    this.#reduced = true;
  }
}

/**
 * Rational reconstruction (Wang): the fraction a/b with |a|, b ≤ sqrt(p/2) and a ≡ r·b (mod p),
 * unique when it exists. Lifts residues of small rationals (structural equations) back to Q; the
 * caller must check the lifted result exactly, since a residue always has some reconstruction
 * candidate only when the true value is small.
 * @param r - a residue in [0, p)
 * @param p - the modulus
 * @returns [a, b] with b > 0, or null when no fraction within the bound exists
 * @example
 * rationalReconstruct(modInv(3) * 2 % PRIME, PRIME); // [2, 3]
 * rationalReconstruct(PRIME - 1, PRIME); // [-1, 1]
 * @see MATH.md §7
 */
export function rationalReconstruct(r: number, p: number): [number, number] | null {
  const bound = Math.floor(Math.sqrt(p / 2));
  let r0 = p;
  let r1 = r;
  let t0 = 0;
  let t1 = 1;
  while (r1 > bound) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (t1 === 0 || Math.abs(t1) > bound) return null;
  return t1 < 0 ? [-r1, -t1] : [r1, t1];
}
