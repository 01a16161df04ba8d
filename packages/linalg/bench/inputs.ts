import { Matrix } from 'ml-matrix';
import { PRIME } from '../src/modArithmetic.js';
import { createRng } from '../src/random.js';

/** Seeded m×n matrix of uniform residues mod PRIME (full rank min(m, n) with overwhelming probability). */
export function randomResidues(seed: number, m: number, n: number): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: m }, () => {
    const r = new Float64Array(n);
    for (let j = 0; j < n; j++) r[j] = rng.integer(0, PRIME - 1);
    return r;
  });
}

/** Seeded integer m×n matrix of rank r: (m×r) · (r×n) with entries in [-9, 9]. */
export function integerLowRank(seed: number, m: number, n: number, r: number): number[][] {
  const rng = createRng(seed);
  const a = new Matrix(m, r);
  const b = new Matrix(r, n);
  for (let i = 0; i < m; i++) for (let k = 0; k < r; k++) a.set(i, k, rng.integer(-9, 9));
  for (let k = 0; k < r; k++) for (let j = 0; j < n; j++) b.set(k, j, rng.integer(-9, 9));
  return a.mmul(b).to2DArray();
}

/** Seeded integer m×n matrix with entries in [-9, 9] (full rank with overwhelming probability). */
export function integerRandom(seed: number, m: number, n: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: m }, () => Array.from({ length: n }, () => rng.integer(-9, 9)));
}

/**
 * Baseline: textbook Gaussian elimination mod p on a copy of the whole matrix, using the `%`
 * operator (no incremental basis, no fast reduction).
 */
export function naiveModRank(rows: ReadonlyArray<ArrayLike<number>>, cols: number, p = PRIME): number {
  const a = rows.map((r) => Array.from(r, (x) => ((x % p) + p) % p));
  let rank = 0;
  for (let c = 0; c < cols && rank < a.length; c++) {
    let piv = -1;
    for (let i = rank; i < a.length; i++)
      if (a[i]?.[c] !== 0) {
        piv = i;
        break;
      }
    if (piv < 0) continue;
    [a[rank], a[piv]] = [a[piv]!, a[rank]!];
    const pr = a[rank]!;
    let inv = 1;
    let base = pr[c]!;
    for (let e = p - 2; e > 0; e = Math.floor(e / 2)) {
      if (e % 2 === 1) inv = (inv * base) % p;
      base = (base * base) % p;
    }
    for (let j = c; j < cols; j++) pr[j] = (pr[j]! * inv) % p;
    for (let i = rank + 1; i < a.length; i++) {
      const ri = a[i]!;
      const f = ri[c]!;
      if (f === 0) continue;
      for (let j = c; j < cols; j++) ri[j] = (((ri[j]! - f * pr[j]!) % p) + p) % p;
    }
    rank++;
  }
  return rank;
}
