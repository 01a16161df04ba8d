// The ONNX protobuf schema (onnx-proto, protobufjs underneath) and the few conversions every
// reader needs: int64 fields (protobufjs gives Long objects in Node, plain numbers where the `long`
// package cannot be loaded, e.g. in bundles), tensors, attributes, value-info shapes.
import onnxProto from 'onnx-proto';
import { OnnxImportError } from '../OnnxImportError.js';

export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** TensorProto.DataType values this package reads. */
export const DT = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

const DT_NAMES: Record<number, string> = {
  0: 'UNDEFINED',
  1: 'FLOAT',
  2: 'UINT8',
  3: 'INT8',
  4: 'UINT16',
  5: 'INT16',
  6: 'INT32',
  7: 'INT64',
  8: 'STRING',
  9: 'BOOL',
  10: 'FLOAT16',
  11: 'DOUBLE',
  12: 'UINT32',
  13: 'UINT64',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  16: 'BFLOAT16',
};

/** Name of a TensorProto.DataType (`FLOAT16`), for messages. */
export function dataTypeName(t: number | null | undefined): string {
  return DT_NAMES[t ?? 0] ?? `type ${t}`;
}

interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

/**
 * A protobuf int64 as a JS number; throws `too-large` beyond 2^53 (no dimension, index or count of
 * a network this package can hold comes near it).
 */
export function toInt(v: unknown, what: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      throw new OnnxImportError('too-large', `${what} = ${v} is not a safe integer`);
    return v;
  }
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new OnnxImportError('too-large', `${what} = ${v} is beyond 2^53`);
    }
    return Number(v);
  }
  if (typeof v === 'object' && typeof (v as LongLike).low === 'number') {
    const { low, high, unsigned } = v as LongLike;
    const hi = unsigned ? high >>> 0 : high | 0;
    // |value| < 2^53 iff the high word is within ±2^21.
    if (hi >= 2 ** 21 || hi < -(2 ** 21)) {
      const big = (BigInt(hi) << 32n) + BigInt(low >>> 0);
      throw new OnnxImportError('too-large', `${what} = ${big} is beyond 2^53`);
    }
    return hi * 2 ** 32 + (low >>> 0);
  }
  throw new OnnxImportError('decode', `${what} is not an integer (${typeof v})`);
}

/**
 * Decodes the bytes of a `.onnx` file. Every protobuf failure (corrupted, truncated, not protobuf)
 * becomes an `OnnxImportError('decode')` naming where the reader stopped.
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  if (bytes.length === 0) throw new OnnxImportError('decode', 'importOnnx: the file is empty (0 bytes)');
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new OnnxImportError(
      'decode',
      `importOnnx: not a readable ONNX model (${bytes.length} bytes): protobuf decoding failed: ${why} ` +
        '(a truncated or corrupted file, or not an .onnx file)',
    );
  }
  // protobufjs accepts some garbage as a message with unknown fields; a model always has a graph
  // and an IR version.
  if (!model.graph || toInt(model.irVersion, 'ir_version') <= 0) {
    throw new OnnxImportError(
      'decode',
      `importOnnx: not an ONNX model (${bytes.length} bytes): ${model.graph ? 'no ir_version' : 'no graph'} ` +
        '(a corrupted file, or not an .onnx file)',
    );
  }
  return model;
}

/** Element count of a shape, or `too-large` when it exceeds `limit`. */
export function elementCount(dims: readonly number[], limit: number, what: string): number {
  let n = 1;
  for (const d of dims) {
    n *= d;
    if (n > limit) {
      throw new OnnxImportError(
        'too-large',
        `${what} declares shape [${dims.join(', ')}]: more than ${limit} elements (limit maxEdges)`,
      );
    }
  }
  return n;
}

/** A decoded tensor: dims and the values as float64 (exact for float32, float64, int32, int64 < 2^53). */
export interface TensorData {
  dims: number[];
  dataType: number;
  data: Float64Array;
}

const BYTES: Record<number, number> = { [DT.FLOAT]: 4, [DT.DOUBLE]: 8, [DT.INT32]: 4, [DT.INT64]: 8 };

/**
 * Reads a TensorProto (initializer or Constant value). Refuses external data, other element types
 * and data whose length disagrees with the declared dims.
 */
export function readTensor(
  t: TensorProto,
  limit: number,
  name: string,
  where: { op?: string; node?: string } = {},
): TensorData {
  // messages name the reading node first: `MatMul "fc": initializer "W" …`
  const what = where.op ? `${where.op} "${where.node}": ${name}` : name;
  const dims = (t.dims ?? []).map((d, i) => {
    const v = toInt(d, `${what} dims[${i}]`);
    if (v < 0) throw new OnnxImportError('bad-tensor', `${what} has a negative dimension ${v}`, where);
    return v;
  });
  if (toInt(t.dataLocation, `${what} data_location`) === 1) {
    throw new OnnxImportError(
      'bad-model',
      `${what} stores its data in an external file (data_location EXTERNAL); re-export with the weights inside the .onnx file`,
      where,
    );
  }
  const dataType = t.dataType ?? 0;
  const bytes = BYTES[dataType];
  if (bytes === undefined) {
    throw new OnnxImportError(
      'unsupported-type',
      `${what} has element type ${dataTypeName(dataType)}; supported: FLOAT, DOUBLE (INT32, INT64 for shapes)`,
      where,
    );
  }
  const n = elementCount(dims, limit, what);
  const raw = t.rawData;
  const data = new Float64Array(n);
  if (raw && raw.length > 0) {
    if (raw.length !== n * bytes) {
      throw new OnnxImportError(
        'bad-tensor',
        `${what} declares shape [${dims.join(', ')}] (${n} × ${bytes} bytes) but holds ${raw.length} bytes of raw data`,
        where,
      );
    }
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (dataType === DT.FLOAT) for (let i = 0; i < n; i++) data[i] = view.getFloat32(4 * i, true);
    else if (dataType === DT.DOUBLE) for (let i = 0; i < n; i++) data[i] = view.getFloat64(8 * i, true);
    else if (dataType === DT.INT32) for (let i = 0; i < n; i++) data[i] = view.getInt32(4 * i, true);
    else {
      for (let i = 0; i < n; i++) {
        const v = view.getBigInt64(8 * i, true);
        data[i] = toInt(v, `${what}[${i}]`);
      }
    }
  } else {
    const list: ArrayLike<unknown> =
      dataType === DT.FLOAT
        ? (t.floatData ?? [])
        : dataType === DT.DOUBLE
          ? (t.doubleData ?? [])
          : dataType === DT.INT32
            ? (t.int32Data ?? [])
            : (t.int64Data ?? []);
    if (list.length !== n) {
      throw new OnnxImportError(
        'bad-tensor',
        `${what} declares shape [${dims.join(', ')}] (${n} elements) but holds ${list.length} values`,
        where,
      );
    }
    for (let i = 0; i < n; i++) {
      const v = list[i];
      data[i] =
        typeof v === 'number' ? (dataType === DT.FLOAT ? Math.fround(v) : v) : toInt(v, `${what}[${i}]`);
    }
  }
  if (dataType === DT.FLOAT || dataType === DT.DOUBLE) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(data[i]!)) {
        throw new OnnxImportError('bad-tensor', `${what}[${i}] = ${data[i]} is not a finite number`, where);
      }
    }
  }
  return { dims, dataType, data };
}

/** The declared byte/element size of a TensorProto, checked without decoding its values. */
export function checkDeclaredSize(t: TensorProto, limit: number, what: string): void {
  const dims = (t.dims ?? []).map((d, i) => toInt(d, `${what} dims[${i}]`));
  elementCount(
    dims.map((d) => Math.max(d, 0)),
    limit,
    what,
  );
}

/** Attribute lookup by name for one node. */
export class Attributes {
  private readonly map = new Map<string, AttributeProto>();

  constructor(
    node: NodeProto,
    private readonly where: { op: string; node: string },
  ) {
    for (const a of node.attribute ?? []) this.map.set(a.name ?? '', a);
  }

  /** Names of the attributes present. */
  names(): string[] {
    return [...this.map.keys()];
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  int(name: string, fallback: number): number {
    const a = this.map.get(name);
    return a ? toInt(a.i, `${this.where.op} "${this.where.node}" attribute ${name}`) : fallback;
  }

  float(name: string, fallback: number): number {
    const a = this.map.get(name);
    return a ? (a.f ?? 0) : fallback;
  }

  ints(name: string): number[] | undefined {
    const a = this.map.get(name);
    if (!a) return undefined;
    return (a.ints ?? []).map((v, i) =>
      toInt(v, `${this.where.op} "${this.where.node}" attribute ${name}[${i}]`),
    );
  }

  floats(name: string): number[] | undefined {
    const a = this.map.get(name);
    return a ? Array.from(a.floats ?? []) : undefined;
  }

  string(name: string, fallback: string): string {
    const a = this.map.get(name);
    if (!a?.s) return fallback;
    return new TextDecoder().decode(a.s);
  }

  tensor(name: string): TensorProto | undefined {
    return this.map.get(name)?.t ?? undefined;
  }
}
