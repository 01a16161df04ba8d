/**
 * What a {@link NetworkError} reports:
 * - `empty`: no nodes;
 * - `duplicate-id`: two nodes share an id;
 * - `bad-node`: a node field has a value outside its domain (kind, activation, id syntax);
 * - `unknown-field`: a spec, node or edge has a field the format does not define (a typo such as
 *   `activaton` would otherwise be ignored silently);
 * - `unknown-endpoint`: an edge names a node that does not exist;
 * - `self-loop`: an edge from a node to itself;
 * - `duplicate-edge`: the same edge twice;
 * - `input-incoming`: an edge into an input;
 * - `output-outgoing`: an edge out of an output;
 * - `cycle`: the graph has a directed cycle (the message prints it);
 * - `dead-neuron`: a hidden neuron on no input→output path;
 * - `maxpool-bias`: a bias on a max-pool neuron (or on an input);
 * - `k-range`: k of a max-pool neuron outside 1..in-degree, or k on a non-max-pool neuron;
 * - `no-inputs` / `no-outputs`: the graph lacks inputs or outputs;
 * - `param-index`: a parameter index (`param`, `biasParam`) that is not an integer ≥ 0, is missing
 *   while other edges or biases carry one, leaves a gap in 0..D−1, sits on a parameter-free edge, or
 *   is both a weight and a bias (the message names the edge or node and the index);
 * - `param-names`: `paramNames` of the wrong length, with an empty or repeated name;
 * - `edge-weight`: a fixed `weight` that is zero or not finite, on an edge into a max-pool, or
 *   together with a parameter index;
 * - `theta-length`: theta does not have length D;
 * - `theta-nonfinite`: theta has a NaN or infinite entry;
 * - `unknown-preset`: a preset string that does not parse (the message lists the valid forms);
 * - `bad-json`: JSON text that does not parse.
 */
export type NetworkErrorCode =
  | 'empty'
  | 'duplicate-id'
  | 'bad-node'
  | 'unknown-field'
  | 'unknown-endpoint'
  | 'self-loop'
  | 'duplicate-edge'
  | 'input-incoming'
  | 'output-outgoing'
  | 'cycle'
  | 'dead-neuron'
  | 'maxpool-bias'
  | 'k-range'
  | 'no-inputs'
  | 'no-outputs'
  | 'param-index'
  | 'param-names'
  | 'edge-weight'
  | 'theta-length'
  | 'theta-nonfinite'
  | 'unknown-preset'
  | 'bad-json';

/**
 * A network description that is not a valid network. A `RangeError` (the value is of the right type
 * but outside the valid domain) whose message names the node, edge or argument, with a machine
 * readable `code`. Wrongly typed fields throw a plain `TypeError` instead.
 * @example
 * try { createNetwork({ nodes: [], edges: [] }); } catch (e) { (e as NetworkError).code; } // 'empty'
 * @see MATH.md §1
 */
export class NetworkError extends RangeError {
  /** What is wrong, see {@link NetworkErrorCode}. */
  readonly code: NetworkErrorCode;

  /**
   * @param code - what is wrong
   * @param message - full message naming the node, edge or argument
   */
  constructor(code: NetworkErrorCode, message: string) {
    super(message);
    this.name = 'NetworkError';
    this.code = code;
  }
}
