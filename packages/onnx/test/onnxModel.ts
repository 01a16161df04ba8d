// Small ONNX models built in tests with the same protobuf library the package reads with
// (onnx-proto): the programmatic cases of importOnnx.test.ts and Gonon et al.'s path-norm recipe.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
type Attr = onnxProto.onnx.IAttributeProto;

/** A float32 (or int64) initializer with raw little-endian data. */
export function tensor(
  name: string,
  dims: number[],
  values: ArrayLike<number>,
  type: 'float' | 'int64' = 'float',
) {
  const n = values.length;
  const raw = new Uint8Array(n * (type === 'float' ? 4 : 8));
  const view = new DataView(raw.buffer);
  for (let i = 0; i < n; i++) {
    if (type === 'float') view.setFloat32(4 * i, values[i]!, true);
    else view.setBigInt64(8 * i, BigInt(values[i]!), true);
  }
  return onnx.TensorProto.create({ name, dims, dataType: type === 'float' ? 1 : 7, rawData: raw });
}

/** Values of a float32 initializer (raw or float_data). */
export function floats(t: onnxProto.onnx.ITensorProto): Float32Array {
  if (t.rawData && t.rawData.length > 0) {
    const v = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    return Float32Array.from({ length: t.rawData.length / 4 }, (_, i) => v.getFloat32(4 * i, true));
  }
  return Float32Array.from(t.floatData ?? []);
}

export const int = (name: string, i: number): Attr => onnx.AttributeProto.create({ name, type: 2, i });
export const float = (name: string, f: number): Attr => onnx.AttributeProto.create({ name, type: 1, f });
export const ints = (name: string, v: number[]): Attr =>
  onnx.AttributeProto.create({ name, type: 7, ints: v });
export const str = (name: string, s: string): Attr =>
  onnx.AttributeProto.create({ name, type: 3, s: new TextEncoder().encode(s) });

export function node(
  op: string,
  inputs: string[],
  outputs: string[],
  attribute: Attr[] = [],
  name = `${op}_${outputs[0]}`,
) {
  return onnx.NodeProto.create({ opType: op, input: inputs, output: outputs, attribute, name });
}

function valueInfo(name: string, dims?: (number | string)[]) {
  const shape = dims
    ? { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) }
    : undefined;
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: 1, shape } } });
}

/** An opset-13 model with one float input `x` and the given outputs. */
export function model(spec: {
  input: (number | string)[];
  nodes: onnxProto.onnx.INodeProto[];
  initializers?: onnxProto.onnx.ITensorProto[];
  outputs: string[];
  /** Shapes of intermediate tensors, recorded as value_info (the path-norm recipe reads ranks there). */
  valueInfo?: Record<string, number[]>;
}): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'idyn-test',
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'test',
        node: spec.nodes,
        initializer: spec.initializers ?? [],
        input: [valueInfo('x', spec.input)],
        output: spec.outputs.map((o) => valueInfo(o)),
        valueInfo: Object.entries(spec.valueInfo ?? {}).map(([name, dims]) => valueInfo(name, dims)),
      },
    }),
  ).finish();
}
