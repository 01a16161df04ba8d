// Test-only reference: rank over Q of an integer matrix by fraction-free (Bareiss) elimination in
// BigInt. Independent of the modular code; used to check ranks mod p.
export function exactRank(rows: ReadonlyArray<ArrayLike<number>>, cols: number): number {
  const a = rows.map((r) => Array.from(r, (x) => BigInt(x)));
  const m = a.length;
  let rank = 0;
  let prev = 1n;
  for (let c = 0; c < cols && rank < m; c++) {
    let piv = -1;
    for (let i = rank; i < m; i++) {
      if ((a[i] as bigint[])[c] !== 0n) {
        piv = i;
        break;
      }
    }
    if (piv < 0) continue;
    [a[rank], a[piv]] = [a[piv] as bigint[], a[rank] as bigint[]];
    const pr = a[rank] as bigint[];
    for (let i = rank + 1; i < m; i++) {
      const ri = a[i] as bigint[];
      for (let j = c + 1; j < cols; j++) {
        ri[j] = (pr[c]! * ri[j]! - ri[c]! * pr[j]!) / prev;
      }
      ri[c] = 0n;
    }
    prev = pr[c]!;
    rank++;
  }
  return rank;
}

/** A x mod p computed in BigInt. */
export function matVecModBig(
  rows: ReadonlyArray<ArrayLike<number>>,
  x: ArrayLike<number>,
  p: number,
): bigint[] {
  const P = BigInt(p);
  return rows.map((r) => {
    let s = 0n;
    for (let j = 0; j < r.length; j++) s += BigInt(r[j]!) * BigInt(x[j]!);
    return ((s % P) + P) % P;
  });
}
