import type { NumericArray } from '../spec.js';

/** Min, max and centre of the runs at each x. */
export function ensembleStats(
  runs: readonly NumericArray[],
  n: number,
  center: 'median' | 'mean',
): { lower: Float64Array; upper: Float64Array; mid: Float64Array } {
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const mid = new Float64Array(n);
  const col = new Float64Array(runs.length);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < runs.length; r++) col[r] = (runs[r] as NumericArray)[i]!;
    col.sort();
    lower[i] = col[0]!;
    upper[i] = col[runs.length - 1]!;
    if (center === 'mean') {
      let s = 0;
      for (const v of col) s += v;
      mid[i] = s / runs.length;
    } else {
      const m = runs.length >> 1;
      mid[i] = runs.length % 2 === 1 ? col[m]! : (col[m - 1]! + col[m]!) / 2;
    }
  }
  return { lower, upper, mid };
}
