/**
 * The logarithmic mean of a and b ≥ 0, ∫₀¹ a^{1−s} b^s ds = (a − b)/(ln a − ln b), equal to a when
 * a = b, evaluated stably as a·expm1(u)/u with u = ln b − ln a (no cancellation when a ≈ b);
 * 0 when a or b is 0.
 */
export function logMean(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  const u = Math.log(b) - Math.log(a);
  if (u === 0) return a;
  return (a * Math.expm1(u)) / u;
}
