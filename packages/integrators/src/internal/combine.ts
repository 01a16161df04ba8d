/** Nonzero terms of one linear combination Σ_j c_j k_j (coefficients and stage indices). */
export interface Terms {
  /** The nonzero coefficients c_j. */
  readonly coef: Float64Array;
  /** The stage index of each coefficient. */
  readonly index: Int32Array;
}

/**
 * Keeps the nonzero coefficients of a tableau row.
 *
 * @param row - coefficients c_j
 * @returns the nonzero coefficients with their stage indices
 * @example
 * termsOf([0.5, 0, 0.5]).index; // Int32Array [0, 2]
 * @see MATH.md §6
 */
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
 *
 * @param out - output vector (may not alias base)
 * @param base - the base vector, or null for 0
 * @param h - the step factor
 * @param terms - the combination, from {@link termsOf}
 * @param k - the stage vectors
 * @param n - dimension
 * @example
 * combine(yStage, y, h, termsOf(DOPRI5.a[2]), k, n); // yStage = y + h (a20 k0 + a21 k1)
 * @see MATH.md §6
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
    const k0 = k[ix[0]!] as Float64Array;
    const c0 = h * c[0]!;
    for (let i = 0; i < n; i++) out[i] = c0 * k0[i]!;
    for (let j = 1; j < m; j++) {
      const hc = h * c[j]!;
      const kj = k[ix[j]!] as Float64Array;
      for (let i = 0; i < n; i++) out[i] = out[i]! + hc * kj[i]!;
    }
    return;
  }
  const acc = new Float64Array(n);
  combine(acc, null, h, terms, k, n);
  for (let i = 0; i < n; i++) out[i] = out[i]! + acc[i]!;
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
  const k0 = k[ix[0]!] as Float64Array;
  const c0 = h * c[0]!;
  if (m === 1) {
    for (let i = 0; i < n; i++) out[i] = base[i]! + c0 * k0[i]!;
    return;
  }
  const k1 = k[ix[1]!] as Float64Array;
  const c1 = h * c[1]!;
  if (m === 2) {
    for (let i = 0; i < n; i++) {
      out[i] = base[i]! + (c0 * k0[i]! + c1 * k1[i]!);
    }
    return;
  }
  const k2 = k[ix[2]!] as Float64Array;
  const c2 = h * c[2]!;
  if (m === 3) {
    for (let i = 0; i < n; i++) {
      out[i] = base[i]! + (c0 * k0[i]! + c1 * k1[i]! + c2 * k2[i]!);
    }
    return;
  }
  const k3 = k[ix[3]!] as Float64Array;
  const c3 = h * c[3]!;
  if (m === 4) {
    for (let i = 0; i < n; i++) {
      out[i] = base[i]! + (c0 * k0[i]! + c1 * k1[i]! + c2 * k2[i]! + c3 * k3[i]!);
    }
    return;
  }
  const k4 = k[ix[4]!] as Float64Array;
  const c4 = h * c[4]!;
  if (m === 5) {
    for (let i = 0; i < n; i++) {
      out[i] = base[i]! + (c0 * k0[i]! + c1 * k1[i]! + c2 * k2[i]! + c3 * k3[i]! + c4 * k4[i]!);
    }
    return;
  }
  const k5 = k[ix[5]!] as Float64Array;
  const c5 = h * c[5]!;
  for (let i = 0; i < n; i++) {
    out[i] = base[i]! + (c0 * k0[i]! + c1 * k1[i]! + c2 * k2[i]! + c3 * k3[i]! + c4 * k4[i]! + c5 * k5[i]!);
  }
}
