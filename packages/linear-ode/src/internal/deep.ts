// Shared maths of deep square relaxed balanced networks (MATH.md §4.4).

/** c_1 = 0, c_i = λ_1 + … + λ_{i−1} (length L = lambdas.length + 1). */
export function offsets(lambdas: readonly number[]): Float64Array {
  const c = new Float64Array(lambdas.length + 1);
  for (let i = 1; i < c.length; i++) c[i] = c[i - 1]! + lambdas[i - 1]!;
  return c;
}

/**
 * The unique root x ≥ max_i(−c_i) of ∏_i (x + c_i) = s², by bracketing and bisection on the
 * increasing branch (to the last representable bit).
 */
export function depthRoot(c: Float64Array, s2: number): number {
  let lo = -Infinity;
  for (const ci of c) lo = Math.max(lo, -ci);
  const g = (x: number): number => {
    let p = 1;
    for (const ci of c) p *= x + ci;
    return p - s2;
  };
  if (s2 <= 0) return lo;
  let step = Math.max(1, Math.abs(lo));
  let hi = lo + step;
  while (g(hi) < 0) {
    step *= 2;
    hi = lo + step;
  }
  // Bisection until the bracket no longer shrinks: about 60 iterations in double precision.
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (g(mid) < 0) lo = mid;
    else hi = mid;
  }
  // Return the endpoint with the smaller residual.
  return Math.abs(g(lo)) < Math.abs(g(hi)) ? lo : hi;
}
