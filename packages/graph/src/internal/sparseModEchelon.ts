import { modInv } from '@idyn/linalg';

/** A sparse row: column → residue in (0, p). */
export type SparseRow = Map<number, number>;

const mulMod = (a: number, b: number, p: number) => {
  // a, b < 2^26, so a * b < 2^52 is exact in float64.
  return (a * b) % p;
};

/**
 * Incremental row echelon form over GF(p) with sparse rows: each kept row is normalised to 1 at its
 * pivot (its smallest column). Rows here are short (a few entries: the equations of weight
 * sharing), so a dense basis would waste time on zeros.
 */
export class SparseModEchelon {
  readonly p: number;
  readonly rows = new Map<number, SparseRow>();

  constructor(p: number) {
    this.p = p;
  }

  get rank(): number {
    return this.rows.size;
  }

  /** Reduces `row` (consumed) against the kept rows; keeps it when a nonzero entry remains. */
  add(row: SparseRow): boolean {
    const p = this.p;
    for (;;) {
      let c = -1;
      for (const k of row.keys()) if (c < 0 || k < c) c = k;
      if (c < 0) return false;
      const pivot = this.rows.get(c);
      const a = row.get(c)!;
      if (pivot === undefined) {
        const inv = modInv(a, p);
        for (const [k, v] of row) row.set(k, mulMod(v, inv, p));
        this.rows.set(c, row);
        return true;
      }
      for (const [k, v] of pivot) {
        const x = ((row.get(k) ?? 0) - mulMod(a, v, p) + p) % p;
        if (x === 0) row.delete(k);
        else row.set(k, x);
      }
    }
  }

  /** Makes the form reduced: every pivot column is zero in every other row. */
  reduce(): void {
    const p = this.p;
    const pivots = [...this.rows.keys()].sort((a, b) => b - a);
    for (const c of pivots) {
      const row = this.rows.get(c)!;
      // Higher pivots are already reduced; eliminate them from this row, highest first.
      const ks = [...row.keys()].filter((k) => k !== c && this.rows.has(k)).sort((a, b) => a - b);
      for (const k of ks) {
        const a = row.get(k);
        if (a === undefined) continue;
        for (const [kk, v] of this.rows.get(k)!) {
          const x = ((row.get(kk) ?? 0) - mulMod(a, v, p) + p) % p;
          if (x === 0) row.delete(kk);
          else row.set(kk, x);
        }
      }
    }
  }

  /**
   * A basis of the right kernel over `cols` columns: one vector per free column f (x_f = 1,
   * x_pivot = −R[pivot, f]), as sparse maps. Call {@link reduce} first.
   */
  nullSpace(cols: number): SparseRow[] {
    const p = this.p;
    const byFree = new Map<number, SparseRow>();
    for (let f = 0; f < cols; f++) if (!this.rows.has(f)) byFree.set(f, new Map([[f, 1]]));
    for (const [c, row] of this.rows) {
      for (const [k, v] of row) {
        if (k === c) continue;
        byFree.get(k)!.set(c, (p - v) % p);
      }
    }
    return [...byFree.entries()].sort((a, b) => a[0] - b[0]).map(([, x]) => x);
  }
}

/**
 * The rational a/b with |a|, b ≤ sqrt(p/2) congruent to r mod p (Wang's rational reconstruction),
 * or null when there is none. Exact for the small rationals of structural equations.
 */
export function reconstructRational(r: number, p: number): [number, number] | null {
  const bound = Math.floor(Math.sqrt(p / 2));
  let [r0, r1] = [p, r];
  let [t0, t1] = [0, 1];
  while (r1 > bound) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (t1 === 0 || Math.abs(t1) > bound) return null;
  return t1 < 0 ? [-r1, -t1] : [r1, t1];
}
