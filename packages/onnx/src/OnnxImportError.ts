/**
 * What an {@link OnnxImportError} reports:
 * - `decode`: the bytes are not a readable ONNX model (corrupted, truncated, not protobuf, empty);
 * - `bad-model`: a readable model that is not a single-input network graph (no graph, two inputs,
 *   an output nobody computes, nodes out of topological order, external tensor data);
 * - `unsupported-op`: an operator outside {@link SUPPORTED_ONNX_OPS}, or from a custom domain;
 * - `unsupported-attribute`: a supported operator used in an unsupported way (group convolution,
 *   dilations, a second output that is used, BatchNormalization in training mode, …);
 * - `unsupported-type`: a tensor element type other than float32/float64 (int64 for shapes);
 * - `dynamic-shape`: a dimension without a static value (pass `inputShape`), or a shape that
 *   depends on the data;
 * - `missing-initializer`: a weight, bias or shape operand that is neither an initializer nor a
 *   Constant;
 * - `not-affine`: an operation that is not affine in the network's input (a product of two
 *   activations, an operation on constants only, two branches that read the same neuron);
 * - `bad-tensor`: a tensor whose data does not match its declared shape, or holds a non-finite
 *   value;
 * - `too-large`: more neurons or edges than `maxEdges`, or a declared tensor too large to hold;
 * - `invalid-network`: the translated graph is not a valid `@idyn/graph` network (the message
 *   quotes `createNetwork`).
 */
export type OnnxImportErrorCode =
  | 'decode'
  | 'bad-model'
  | 'unsupported-op'
  | 'unsupported-attribute'
  | 'unsupported-type'
  | 'dynamic-shape'
  | 'missing-initializer'
  | 'not-affine'
  | 'bad-tensor'
  | 'too-large'
  | 'invalid-network';

/**
 * An ONNX model that `importOnnx` refuses. A `RangeError` whose message names the operator, the
 * ONNX node and what is supported, with a machine-readable `code`; nothing is imported partially.
 * @example
 * try { importOnnx(bytesOfASigmoidNet); } catch (e) {
 *   (e as OnnxImportError).code; // 'unsupported-op'
 *   (e as OnnxImportError).op; // 'Sigmoid'
 *   (e as OnnxImportError).node; // '/act/Sigmoid'
 * }
 */
export class OnnxImportError extends RangeError {
  /** What is wrong, see {@link OnnxImportErrorCode}. */
  readonly code: OnnxImportErrorCode;
  /** The ONNX operator type concerned (`'Conv'`), or `undefined` for file- and model-level errors. */
  readonly op: string | undefined;
  /** The ONNX node concerned (its name, or `<op>#<index>` when unnamed), or `undefined`. */
  readonly node: string | undefined;

  /**
   * @param code - what is wrong
   * @param message - full message naming the operator, node and what is supported
   * @param where - the operator type and node name, when the error concerns one node
   */
  constructor(code: OnnxImportErrorCode, message: string, where: { op?: string; node?: string } = {}) {
    super(message);
    this.name = 'OnnxImportError';
    this.code = code;
    this.op = where.op;
    this.node = where.node;
  }
}
