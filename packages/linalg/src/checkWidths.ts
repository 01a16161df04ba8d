/**
 * Checks the layer widths of a network, listed from the input to the output, and returns a copy.
 *
 * Every public API of `@idyn` that takes the shape of a layered network takes it this way (the
 * `(n, r, m)` of MATH.md stay in formulas and docs: a two-layer z = U Vᵀ with U ∈ R^{n×r},
 * V ∈ R^{m×r} has widths `[m, r, n]`).
 *
 * @param fn - name of the public function, for the message
 * @param name - name of the argument, for the message (e.g. `'widths'`)
 * @param widths - the value to check
 * @param length - the required number of entries; by default at least 2
 * @returns a fresh array of the widths
 * @throws TypeError if `widths` is not an array; RangeError if it has the wrong number of entries
 *   or an entry is not a positive integer (naming the index and the value)
 * @example
 * checkWidths('twoLayerLifting', 'widths', [2, 1, 3], 3); // [2, 1, 3]
 * checkWidths('f', 'widths', [2, 0]); // RangeError: f: widths[1] must be a positive integer, got 0
 * @see MATH.md §1 (liftings of layered networks)
 */
export function checkWidths(fn: string, name: string, widths: unknown, length?: number): number[] {
  if (!Array.isArray(widths)) {
    throw new TypeError(
      `${fn}: ${name} must be an array of layer widths, input first, got ${widths === null ? 'null' : typeof widths}`,
    );
  }
  if (length !== undefined && widths.length !== length) {
    throw new RangeError(
      `${fn}: ${name} must have ${length} entries (input first), got ${widths.length}: [${widths.join(', ')}]`,
    );
  }
  if (length === undefined && widths.length < 2) {
    throw new RangeError(`${fn}: ${name} must have at least 2 entries, got [${widths.join(', ')}]`);
  }
  widths.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1) {
      throw new RangeError(
        `${fn}: ${name}[${i}] must be a positive integer, got ${typeof w === 'string' ? JSON.stringify(w) : String(w)}`,
      );
    }
  });
  return [...widths];
}
