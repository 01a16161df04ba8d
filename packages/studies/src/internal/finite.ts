import { firstNonFinite, OverflowError } from '@idyn/linalg';

/**
 * Refuses a result quantity that left float64: an OverflowError naming it (and the entry), never a
 * NaN or an Infinity in a result.
 * @param field - the quantity as the user knows it, e.g. `z = phi(theta)`
 * @param values - its entries
 * @param context - what made it overflow, e.g. `(theta is too large)`
 * @throws OverflowError when an entry is not finite
 */
export function checkOverflow(field: string, values: ArrayLike<number>, context: string): void {
  const i = firstNonFinite(values);
  if (i >= 0) throw new OverflowError({ field, index: values.length > 1 ? i : null, context });
}
