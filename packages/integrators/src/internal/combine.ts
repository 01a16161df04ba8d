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
 * With a base and up to six terms the loop is written out per term count (no padding, no branch
 * in the loop body): this is the engine's inner loop. Each element is evaluated as
 * base_i + (hc_0 k_0,i + hc_1 k_1,i + …), left to right.
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
  if (base !== null && m >= 1 && m <= 6) {
    combineBase(out, base, h, c, ix, k, n, m);
    return;
  }
  if (base) out.set(base.subarray(0, n));
  else out.fill(0, 0, n);
  if (m === 0) return;
  if (base === null) {
    // out = Σ_j hc_j k_j, accumulated left to right in registers.
    const k0 = k[ix[0] as number] as Float64Array;
    const c0 = h * (c[0] as number);
    for (let i = 0; i < n; i++) out[i] = c0 * (k0[i] as number);
    for (let j = 1; j < m; j++) {
      const hc = h * (c[j] as number);
      const kj = k[ix[j] as number] as Float64Array;
      for (let i = 0; i < n; i++) out[i] = (out[i] as number) + hc * (kj[i] as number);
    }
    return;
  }
  const acc = new Float64Array(n);
  combine(acc, null, h, terms, k, n);
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (acc[i] as number);
}

function combineBase(
  out: Float64Array,
  base: Float64Array,
  h: number,
  c: Float64Array,
  ix: Int32Array,
  k: readonly Float64Array[],
  n: number,
  m: number,
): void {
  const k0 = k[ix[0] as number] as Float64Array;
  const c0 = h * (c[0] as number);
  if (m === 1) {
    for (let i = 0; i < n; i++) out[i] = (base[i] as number) + c0 * (k0[i] as number);
    return;
  }
  const k1 = k[ix[1] as number] as Float64Array;
  const c1 = h * (c[1] as number);
  if (m === 2) {
    for (let i = 0; i < n; i++) {
      out[i] = (base[i] as number) + (c0 * (k0[i] as number) + c1 * (k1[i] as number));
    }
    return;
  }
  const k2 = k[ix[2] as number] as Float64Array;
  const c2 = h * (c[2] as number);
  if (m === 3) {
    for (let i = 0; i < n; i++) {
      out[i] =
        (base[i] as number) + (c0 * (k0[i] as number) + c1 * (k1[i] as number) + c2 * (k2[i] as number));
    }
    return;
  }
  const k3 = k[ix[3] as number] as Float64Array;
  const c3 = h * (c[3] as number);
  if (m === 4) {
    for (let i = 0; i < n; i++) {
      out[i] =
        (base[i] as number) +
        (c0 * (k0[i] as number) + c1 * (k1[i] as number) + c2 * (k2[i] as number) + c3 * (k3[i] as number));
    }
    return;
  }
  const k4 = k[ix[4] as number] as Float64Array;
  const c4 = h * (c[4] as number);
  if (m === 5) {
    for (let i = 0; i < n; i++) {
      out[i] =
        (base[i] as number) +
        (c0 * (k0[i] as number) +
          c1 * (k1[i] as number) +
          c2 * (k2[i] as number) +
          c3 * (k3[i] as number) +
          c4 * (k4[i] as number));
    }
    return;
  }
  const k5 = k[ix[5] as number] as Float64Array;
  const c5 = h * (c[5] as number);
  for (let i = 0; i < n; i++) {
    out[i] =
      (base[i] as number) +
      (c0 * (k0[i] as number) +
        c1 * (k1[i] as number) +
        c2 * (k2[i] as number) +
        c3 * (k3[i] as number) +
        c4 * (k4[i] as number) +
        c5 * (k5[i] as number));
  }
}
