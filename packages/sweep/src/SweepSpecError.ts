/**
 * A sweep spec that cannot be run: names the place in the spec (`axes[1].range.step`) and why.
 * Extends RangeError, so front ends report it as bad input (the CLI: exit 2, one line).
 *
 * @example
 * new SweepSpecError('axes[0].range.step', 'must not be 0', 'spec.yaml').message;
 * // "sweep spec 'spec.yaml' at axes[0].range.step: must not be 0"
 */
export class SweepSpecError extends RangeError {
  /** `'SweepSpecError'`. */
  override readonly name = 'SweepSpecError';
  /** Where in the spec, e.g. `axes[1].zip[0].values` (`$` for the whole spec). */
  readonly path: string;
  /** Why it is refused. */
  readonly reason: string;

  /**
   * @param path - where in the spec
   * @param reason - why it is refused
   * @param source - the file it came from, named first in the message @default undefined
   */
  constructor(path: string, reason: string, source?: string) {
    // `sweep spec 'FILE' at PATH: reason`: a phrase, not a bare `path: ` head, so that front ends
    // which drop internal function names from messages keep it whole.
    super(
      `sweep spec${source === undefined ? '' : ` '${source}'`}${path === '$' ? '' : ` at ${path}`}: ${reason}`,
    );
    this.path = path;
    this.reason = reason;
  }
}
