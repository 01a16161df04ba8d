import {
  createNetwork,
  type Network,
  NetworkError,
  type NetworkSpec,
  rescalingSymmetries,
} from '@idyn/graph';
import { finish } from './internal/finish.js';
import { decodeModel, toInt } from './internal/proto.js';
import { translate } from './internal/translate.js';
import { OnnxImportError } from './OnnxImportError.js';
import type { OnnxImportReport } from './OnnxImportReport.js';

/** Options of {@link importOnnx}. */
export interface ImportOnnxOptions {
  /**
   * Static shape of the data input, batch axis included (e.g. `[1, 1, 28, 28]`). Needed when the
   * model declares dynamic dimensions other than the batch axis; must agree with its static ones.
   * @default the model's declared shape, with a dynamic batch axis 0 set to 1
   */
  inputShape?: readonly number[];
  /**
   * Upper bound on neurons plus edges of the imported network (and on the elements of any
   * declared tensor): larger models are refused with code `too-large` before memory runs out.
   * @default 2_000_000
   */
  maxEdges?: number;
}

/** Result of {@link importOnnx}. */
export interface ImportOnnxResult {
  /**
   * The network's JSON spec: nodes, edges with their parameter index (`param`) or fixed weight,
   * `biasParam` on biased neurons, `theta` (length D) and `paramNames`.
   */
  spec: NetworkSpec & { theta: number[]; paramNames: string[] };
  /** The validated network, `createNetwork(spec)` (its `theta` is the file's parameters). */
  network: Network;
  /** What was imported: layers, D, neurons, edges, paths, channels with laws, foldings. */
  report: OnnxImportReport;
}

/**
 * Imports an ONNX model (`.onnx` bytes, e.g. from `torch.onnx.export`) as a network of
 * `@idyn/graph` with shared parameters: every weight and bias of the file becomes one entry of θ,
 * shared by all the edges it weighs (a convolution kernel entry by every output position).
 * Supported: {@link SUPPORTED_ONNX_OPS} in inference mode, for ReLU networks with a static input
 * shape; BatchNormalization is folded into the affine map before it (which changes the values of
 * those parameters, and may add a bias: the report says so). Everything else is refused with an
 * {@link OnnxImportError} naming the operator, the node and what is supported: never a partial
 * import. Works in Node and in the browser (no file access; see `@idyn/onnx/node` for files).
 *
 * Node ids: inputs `x0…` (the input tensor's elements in row-major order), hidden neurons
 * `h<l>_<e>` (element e of hidden layer l, see `report.layers`), outputs `y0…` (the graph
 * outputs' elements, in order). Parameters are numbered tensor by tensor, row-major; their names
 * are `<initializer>[i,j,…]`.
 *
 * @param bytes - the contents of a `.onnx` file
 * @param options - see {@link ImportOnnxOptions}
 * @returns the spec (with `theta` and `paramNames`) and the report
 * @throws TypeError if `bytes` is not a Uint8Array or an option has the wrong type
 * @throws RangeError for an invalid option value (inputShape disagreeing with the model, maxEdges < 1)
 * @throws OnnxImportError (a RangeError) for a file that cannot be imported, with `code`, `op`, `node`
 * @example
 * const { network, spec, report } = importOnnx(readFileSync('mlp.onnx')); // a 4-8-6-3 MLP with biases
 * report.parameters.D; // 115
 * report.paths.total; // 741n
 * forward(network, spec.theta, x, 1).outputs; // equals onnxruntime's output on x
 * @see MATH.md §7 (shared weights, convolution); Gonon et al. (ICLR 2024) for the path-norm check
 */
export function importOnnx(bytes: Uint8Array, options: ImportOnnxOptions = {}): ImportOnnxResult {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `importOnnx: bytes must be a Uint8Array (the .onnx file contents), got ${describe(bytes)}`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`importOnnx: options must be an object, got ${describe(options)}`);
  }
  const maxEdges = options.maxEdges ?? 2_000_000;
  if (typeof maxEdges !== 'number')
    throw new TypeError(`importOnnx: options.maxEdges must be a number, got ${describe(maxEdges)}`);
  if (!Number.isSafeInteger(maxEdges) || maxEdges < 1) {
    throw new RangeError(`importOnnx: options.maxEdges must be a positive integer, got ${maxEdges}`);
  }
  let inputShape: number[] | undefined;
  if (options.inputShape !== undefined) {
    if (!Array.isArray(options.inputShape)) {
      throw new TypeError(
        `importOnnx: options.inputShape must be an array of integers, got ${describe(options.inputShape)}`,
      );
    }
    inputShape = options.inputShape.map((d, i) => {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
        throw new RangeError(
          `importOnnx: options.inputShape[${i}] must be a positive integer, got ${String(d)}`,
        );
      }
      return d;
    });
    if (inputShape.length === 0)
      throw new RangeError('importOnnx: options.inputShape must have at least one axis');
  }
  const model = decodeModel(bytes);
  const tr = translate(model, { inputShape, maxEdges });
  const producer = [model.producerName, model.producerVersion].filter(Boolean).join(' ');
  const { spec, report, channelNodes } = finish(tr, {
    producer,
    irVersion: toInt(model.irVersion, 'ir_version'),
    opset: tr.opset,
    graph: model.graph?.name ?? '',
  });
  let network: Network;
  try {
    network = createNetwork(spec);
  } catch (error) {
    // the translation is meant to produce valid networks only; say so if it did not
    if (error instanceof NetworkError) {
      throw new OnnxImportError(
        'invalid-network',
        `importOnnx: the translated network is invalid: ${error.message}`,
      );
    }
    throw error;
  }
  // rescaling laws: the exact symmetries of @idyn/graph; a channel has a law when one of them
  // rescales its neurons
  const symmetries = rescalingSymmetries(network);
  const moved = new Set<number>();
  for (const s of symmetries.symmetries) for (const v of s.support) moved.add(v);
  report.laws.count = symmetries.count;
  for (const [li, channels] of channelNodes) {
    const layer = report.layers[li]!;
    layer.channelsWithLaw = channels.filter((ids) =>
      ids.some((id) => moved.has(network.nodeIndex.get(id)!)),
    ).length;
    report.laws.hiddenChannels += channels.length;
    report.laws.channelsWithLaw += layer.channelsWithLaw;
  }
  return { spec, network, report };
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  if (x instanceof ArrayBuffer) return 'an ArrayBuffer (wrap it: new Uint8Array(buffer))';
  return typeof x;
}
