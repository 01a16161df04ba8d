/**
 * A result store that cannot be opened or used: held by another process (a sweep still running),
 * not a sweep store, or not writable. Extends RangeError (the store path is an input), so front
 * ends report it as bad input with the path.
 *
 * @example
 * new SweepStoreError('runs.duckdb', 'is in use by another process (a sweep still running?)').message;
 * // "store 'runs.duckdb' is in use by another process (a sweep still running?)"
 */
export class SweepStoreError extends RangeError {
  /** `'SweepStoreError'`. */
  override readonly name = 'SweepStoreError';
  /** The store's path as given. */
  readonly path: string;

  /**
   * @param path - the store's path as given
   * @param reason - what is wrong with it
   */
  constructor(path: string, reason: string) {
    super(`store '${path}' ${reason}`);
    this.path = path;
  }
}
