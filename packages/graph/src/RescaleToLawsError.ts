/**
 * Why {@link rescaleToLaws} could not reach the target laws:
 * - `zero-neuron`: a law neuron has all its incident parameters equal to 0, so its law is 0 for
 *   every rescaling, and the target asks for another value;
 * - `singular`: the Hessian of F is singular (a connected group of law neurons has no nonzero
 *   weight to an input, an output or a bias), so the rescaled point is not unique;
 * - `line-search`: no step along the Newton direction decreased F(mu) - <target, mu>;
 * - `diverged`: a log-factor left [-{@link RESCALE_MAX_LOG_FACTOR}, {@link RESCALE_MAX_LOG_FACTOR}]:
 *   F(mu) - <target, mu> is unbounded below, the target is not reachable;
 * - `max-iterations`: the iteration cap was reached first.
 */
export type RescaleToLawsFailure = 'zero-neuron' | 'singular' | 'line-search' | 'diverged' | 'max-iterations';

/**
 * The target laws of {@link rescaleToLaws} cannot be reached by rescaling. A `RangeError` whose
 * message names the function and the worst neuron; `detail` is the same message without the
 * function name, for callers that report it under their own name.
 * @example
 * try { rescaleToLaws(parseNetwork('relu:1-1-1'), [0, 0], [1]); }
 * catch (e) { (e as RescaleToLawsError).reason; } // 'zero-neuron'
 * @see MATH.md §4.2
 */
export class RescaleToLawsError extends RangeError {
  /** What went wrong, see {@link RescaleToLawsFailure}. */
  readonly reason: RescaleToLawsFailure;
  /** Id of the neuron the message names (the worst one, or the one that failed). */
  readonly neuron: string;
  /** Newton iterations done before the failure. */
  readonly iterations: number;
  /** The message without the leading `rescaleToLaws: `. */
  readonly detail: string;

  /**
   * @param reason - what went wrong
   * @param neuron - id of the neuron named
   * @param iterations - iterations done
   * @param detail - the explanation, without the function name
   */
  constructor(reason: RescaleToLawsFailure, neuron: string, iterations: number, detail: string) {
    super(`rescaleToLaws: ${detail}`);
    this.name = 'RescaleToLawsError';
    this.reason = reason;
    this.neuron = neuron;
    this.iterations = iterations;
    this.detail = detail;
  }
}
