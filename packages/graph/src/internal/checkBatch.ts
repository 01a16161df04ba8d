/**
 * Throws unless `batch` is a positive integer and `X` an array-like of `batch * cols` finite numbers.
 * `what` names the argument in the message (e.g. 'X', 'Y', 'cotangent').
 */
export function checkBatch(
  caller: string,
  what: string,
  X: unknown,
  batch: number,
  cols: number,
): asserts X is ArrayLike<number> {
  if (!Number.isInteger(batch) || batch < 1) {
    throw new RangeError(`${caller}: batch must be a positive integer, got ${String(batch)}`);
  }
  if (!(X instanceof Float64Array || X instanceof Float32Array || Array.isArray(X))) {
    throw new TypeError(`${caller}: ${what} must be a Float64Array (row-major [batch, ${cols}])`);
  }
  if (X.length !== batch * cols) {
    throw new RangeError(
      `${caller}: ${what} has length ${X.length}, expected batch * ${cols} = ${batch * cols} (row-major [batch, ${cols}])`,
    );
  }
  for (let i = 0; i < X.length; i++) {
    const x = X[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new RangeError(
        `${caller}: ${what}[${i}] (sample ${Math.floor(i / cols)}, column ${i % cols}) = ${String(x)} is not finite`,
      );
    }
  }
}
