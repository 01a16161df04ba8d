/** Nonzero terms of one linear combination Σ_j c_j k_j (coefficients and stage indices). */
export interface Terms {
  readonly coef: Float64Array;
  readonly index: Int32Array;
}

/** Keeps the nonzero coefficients of a tableau row. */
export function termsOf(row: readonly number[]): Terms {
  const coef: number[] = [];
  const index: number[] = [];
  row.forEach((c, j) => {
    if (c !== 0) {
      coef.push(c);
      index.push(j);
    }
  });
  return { coef: Float64Array.from(coef), index: Int32Array.from(index) };
}

/**
 * out = base + h Σ_j c_j k_{index_j} in one pass over the vectors (base may be null for 0).
 * Small term counts are unrolled: this is the engine's inner loop.
 */
export function combine(
  out: Float64Array,
  base: Float64Array | null,
  h: number,
  terms: Terms,
  k: readonly Float64Array[],
  n: number,
): void {
  const m = terms.coef.length;
  const c = terms.coef;
  const ix = terms.index;
  if (m === 0) {
    if (base) out.set(base.subarray(0, n));
    else out.fill(0, 0, n);
    return;
  }
  if (m > 6) {
    if (base) out.set(base.subarray(0, n));
    else out.fill(0, 0, n);
    for (let j = 0; j < m; j++) {
      const hc = h * (c[j] as number);
      const kj = k[ix[j] as number] as Float64Array;
      for (let i = 0; i < n; i++) out[i] = (out[i] as number) + hc * (kj[i] as number);
    }
    return;
  }
  // Pad to six terms with a zero coefficient on the first vector: the arithmetic is unchanged
  // (adding 0 · k is exact for finite k), and one loop body serves every count ≤ 6.
  const first = k[ix[0] as number] as Float64Array;
  const k0 = first;
  const k1 = m > 1 ? (k[ix[1] as number] as Float64Array) : first;
  const k2 = m > 2 ? (k[ix[2] as number] as Float64Array) : first;
  const k3 = m > 3 ? (k[ix[3] as number] as Float64Array) : first;
  const k4 = m > 4 ? (k[ix[4] as number] as Float64Array) : first;
  const k5 = m > 5 ? (k[ix[5] as number] as Float64Array) : first;
  const c0 = h * (c[0] as number);
  const c1 = m > 1 ? h * (c[1] as number) : 0;
  const c2 = m > 2 ? h * (c[2] as number) : 0;
  const c3 = m > 3 ? h * (c[3] as number) : 0;
  const c4 = m > 4 ? h * (c[4] as number) : 0;
  const c5 = m > 5 ? h * (c[5] as number) : 0;
  if (m <= 2) {
    for (let i = 0; i < n; i++) {
      const s = c0 * (k0[i] as number) + c1 * (k1[i] as number);
      out[i] = base ? (base[i] as number) + s : s;
    }
    return;
  }
  if (m <= 4) {
    for (let i = 0; i < n; i++) {
      const s =
        c0 * (k0[i] as number) + c1 * (k1[i] as number) + c2 * (k2[i] as number) + c3 * (k3[i] as number);
      out[i] = base ? (base[i] as number) + s : s;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const s =
      c0 * (k0[i] as number) +
      c1 * (k1[i] as number) +
      c2 * (k2[i] as number) +
      c3 * (k3[i] as number) +
      c4 * (k4[i] as number) +
      c5 * (k5[i] as number);
    out[i] = base ? (base[i] as number) + s : s;
  }
}
