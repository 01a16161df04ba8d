/**
 * Small dense matrix products for the layered-flow gradients (row-major Float64Array operands,
 * sizes known only at run time). Each kernel computes 2 × 2 output blocks with four register
 * accumulators (the loads are shared between them), which roughly halves the time of the plain
 * triple loop for the 3–32 wide matrices of the benchmarks.
 *
 * Every output element is still one sum in the natural order of the inner index, starting from 0
 * (or from `init`), so the result is bit-for-bit that of the plain loop
 * `s = init; for p: s += A[i,p] · B[p,j]`.
 */

/**
 * out (n × m) = A (n × k, at offset ao) · B (k × m); with `init`, row i of out starts from
 * init[io + i] (a bias) instead of 0.
 */
export function mulAB(
  out: Float64Array,
  A: Float64Array,
  ao: number,
  B: Float64Array,
  n: number,
  k: number,
  m: number,
  init: Float64Array | null,
  io: number,
): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a0 = ao + i * k;
    const a1 = a0 + k;
    const o0 = i * m;
    const o1 = o0 + m;
    const z0 = init === null ? 0 : init[io + i]!;
    const z1 = init === null ? 0 : init[io + i + 1]!;
    let j = 0;
    for (; j + 1 < m; j += 2) {
      let s00 = z0;
      let s01 = z0;
      let s10 = z1;
      let s11 = z1;
      for (let p = 0; p < k; p++) {
        const bp = p * m + j;
        const y0 = B[bp]!;
        const y1 = B[bp + 1]!;
        const x0 = A[a0 + p]!;
        const x1 = A[a1 + p]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      out[o0 + j] = s00;
      out[o0 + j + 1] = s01;
      out[o1 + j] = s10;
      out[o1 + j + 1] = s11;
    }
    for (; j < m; j++) {
      let s0 = z0;
      let s1 = z1;
      for (let p = 0; p < k; p++) {
        const y = B[p * m + j]!;
        s0 += A[a0 + p]! * y;
        s1 += A[a1 + p]! * y;
      }
      out[o0 + j] = s0;
      out[o1 + j] = s1;
    }
  }
  for (; i < n; i++) {
    const a0 = ao + i * k;
    const o0 = i * m;
    const z0 = init === null ? 0 : init[io + i]!;
    for (let j = 0; j < m; j++) {
      let s0 = z0;
      for (let p = 0; p < k; p++) s0 += A[a0 + p]! * B[p * m + j]!;
      out[o0 + j] = s0;
    }
  }
}

/** out (n × m, at offset oo) = sign · A (n × k) · B (m × k)ᵀ (sign ±1: an exact negation). */
export function mulABt(
  out: Float64Array,
  oo: number,
  A: Float64Array,
  B: Float64Array,
  n: number,
  k: number,
  m: number,
  sign: number,
): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    const o0 = oo + i * m;
    const o1 = o0 + m;
    let j = 0;
    for (; j + 1 < m; j += 2) {
      const b0 = j * k;
      const b1 = b0 + k;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + p]!;
        const x1 = A[a1 + p]!;
        const y0 = B[b0 + p]!;
        const y1 = B[b1 + p]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      out[o0 + j] = sign * s00;
      out[o0 + j + 1] = sign * s01;
      out[o1 + j] = sign * s10;
      out[o1 + j + 1] = sign * s11;
    }
    for (; j < m; j++) {
      const b0 = j * k;
      let s0 = 0;
      let s1 = 0;
      for (let p = 0; p < k; p++) {
        const y = B[b0 + p]!;
        s0 += A[a0 + p]! * y;
        s1 += A[a1 + p]! * y;
      }
      out[o0 + j] = sign * s0;
      out[o1 + j] = sign * s1;
    }
  }
  for (; i < n; i++) {
    const a0 = i * k;
    const o0 = oo + i * m;
    for (let j = 0; j < m; j++) {
      const b0 = j * k;
      let s0 = 0;
      for (let p = 0; p < k; p++) s0 += A[a0 + p]! * B[b0 + p]!;
      out[o0 + j] = sign * s0;
    }
  }
}

/** out (k × m) = A (n × k, at offset ao)ᵀ · B (n × m); each element summed over i = 0..n−1. */
export function mulAtB(
  out: Float64Array,
  A: Float64Array,
  ao: number,
  B: Float64Array,
  n: number,
  k: number,
  m: number,
): void {
  let p = 0;
  for (; p + 1 < k; p += 2) {
    const o0 = p * m;
    const o1 = o0 + m;
    let j = 0;
    for (; j + 1 < m; j += 2) {
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let i = 0; i < n; i++) {
        const bi = i * m + j;
        const ai = ao + i * k + p;
        const x0 = A[ai]!;
        const x1 = A[ai + 1]!;
        const y0 = B[bi]!;
        const y1 = B[bi + 1]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      out[o0 + j] = s00;
      out[o0 + j + 1] = s01;
      out[o1 + j] = s10;
      out[o1 + j + 1] = s11;
    }
    for (; j < m; j++) {
      let s0 = 0;
      let s1 = 0;
      for (let i = 0; i < n; i++) {
        const y = B[i * m + j]!;
        const ai = ao + i * k + p;
        s0 += A[ai]! * y;
        s1 += A[ai + 1]! * y;
      }
      out[o0 + j] = s0;
      out[o1 + j] = s1;
    }
  }
  for (; p < k; p++) {
    const o0 = p * m;
    for (let j = 0; j < m; j++) {
      let s0 = 0;
      for (let i = 0; i < n; i++) s0 += A[ao + i * k + p]! * B[i * m + j]!;
      out[o0 + j] = s0;
    }
  }
}
