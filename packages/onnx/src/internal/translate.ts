// The op-by-op translation of an ONNX graph into the intermediate form of builder.ts.
import { OnnxImportError } from '../OnnxImportError.js';
import { SUPPORTED_ONNX_OPS } from '../SUPPORTED_ONNX_OPS.js';
import { Builder, type ConstValue, type OpRef, type Value } from './builder.js';
import type { OpContext } from './context.js';
import { add, batchNormalization, relu } from './ops/elementwise.js';
import { conv, gemm, matMul } from './ops/linear.js';
import { maxPool } from './ops/pooling.js';
import { constant, dropout, flatten, identity, reshape } from './ops/reshape.js';
import {
  Attributes,
  checkDeclaredSize,
  DT,
  dataTypeName,
  type ModelProto,
  type NodeProto,
  readTensor,
  type TensorProto,
  toInt,
} from './proto.js';
import { fmt } from './shape.js';

export interface TranslateOptions {
  inputShape: number[] | undefined;
  maxEdges: number;
}

export interface TranslateResult {
  b: Builder;
  opset: number;
  input: { name: string; shape: number[]; source: 'model' | 'option' | 'model, batch set to 1' };
  outputs: { name: string; shape: number[]; nodes: Int32Array }[];
}

const supported = (): string => `supported operators: ${SUPPORTED_ONNX_OPS.join(', ')} (ReLU networks only)`;

const HINTS: Record<string, string> = {
  Sigmoid: ' (a non-ReLU activation)',
  Tanh: ' (a non-ReLU activation)',
  LeakyRelu: ' (a non-ReLU activation: not positively homogeneous with one slope)',
  Elu: ' (a non-ReLU activation)',
  Selu: ' (a non-ReLU activation)',
  Gelu: ' (a non-ReLU activation)',
  Softplus: ' (a non-ReLU activation)',
  Softmax: ' (export the logits, without the final Softmax)',
  LogSoftmax: ' (export the logits, without the final LogSoftmax)',
  Shape: ' (a dynamic shape computation: export with a static input shape and constant folding)',
};

export function translate(model: ModelProto, options: TranslateOptions): TranslateResult {
  const graph = model.graph!;
  let opset = 0;
  for (const o of model.opsetImport ?? []) {
    if (o.domain === '' || o.domain === 'ai.onnx' || o.domain == null)
      opset = toInt(o.version, 'opset version');
  }
  const b = new Builder(options.maxEdges);
  const initializers = new Map<string, TensorProto>();
  for (const t of graph.initializer ?? []) {
    const name = t.name ?? '';
    checkDeclaredSize(t, options.maxEdges, `initializer "${name}"`);
    initializers.set(name, t);
  }
  if ((graph.sparseInitializer ?? []).length > 0) {
    throw new OnnxImportError(
      'unsupported-type',
      'importOnnx: sparse initializers are not supported; re-export with dense weights',
    );
  }
  const nodes = graph.node ?? [];
  const consumers = new Map<string, number>();
  const bump = (name: string): void => {
    consumers.set(name, (consumers.get(name) ?? 0) + 1);
  };
  for (const n of nodes) for (const i of n.input ?? []) if (i) bump(i);
  const graphOutputs = (graph.output ?? []).map((o) => o.name ?? '');
  for (const o of graphOutputs) bump(o);
  const single = (name: string): boolean => consumers.get(name) === 1 && !graphOutputs.includes(name);

  // the one data input
  const dataInputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? ''));
  if (dataInputs.length !== 1) {
    throw new OnnxImportError(
      'bad-model',
      `importOnnx: the model has ${dataInputs.length} data inputs (${dataInputs.map((i) => `"${i.name}"`).join(', ') || 'none'}); supported: exactly one (weights must be stored as initializers, not declared as graph inputs)`,
    );
  }
  const inp = dataInputs[0]!;
  const inputName = inp.name ?? '';
  const tt = inp.type?.tensorType;
  if (!tt) throw new OnnxImportError('unsupported-type', `importOnnx: input "${inputName}" is not a tensor`);
  const elemType = tt.elemType ?? 0;
  if (elemType !== DT.FLOAT && elemType !== DT.DOUBLE) {
    throw new OnnxImportError(
      'unsupported-type',
      `importOnnx: input "${inputName}" has element type ${dataTypeName(elemType)}; supported: FLOAT, DOUBLE`,
    );
  }
  const { shape: inputShape, source } = resolveInputShape(inputName, tt.shape?.dim, options.inputShape);
  const values = new Map<string, Value>();
  values.set(inputName, b.addInputs(inputShape));

  const produced = new Set<string>();
  for (const n of nodes) for (const o of n.output ?? []) if (o) produced.add(o);
  const constants = new Map<string, ConstValue>();
  const lookup = (name: string, where: OpRef): Value => {
    const v = values.get(name);
    if (v) return v;
    const c = constants.get(name);
    if (c) return c;
    const t = initializers.get(name);
    if (t) {
      const d = readTensor(t, options.maxEdges, `initializer "${name}"`, where);
      const cv: ConstValue = {
        kind: 'const',
        shape: d.dims,
        data: d.data,
        tensor: name,
        exclusive: single(name),
      };
      constants.set(name, cv);
      return cv;
    }
    if (produced.has(name)) {
      throw new OnnxImportError(
        'bad-model',
        `${where.op} "${where.node}": input "${name}" is computed by a later node (the graph is not in topological order)`,
        where,
      );
    }
    throw new OnnxImportError(
      'missing-initializer',
      `${where.op} "${where.node}": input "${name}" is neither an initializer, a Constant nor the output of a node ` +
        '(weights must be stored in the model as initializers)',
      where,
    );
  };

  nodes.forEach((node: NodeProto, index) => {
    const op = node.opType ?? '';
    const where: OpRef = { op, node: node.name ? node.name : `${op}#${index}` };
    const domain = node.domain ?? '';
    if (domain !== '' && domain !== 'ai.onnx') {
      throw new OnnxImportError(
        'unsupported-op',
        `${op} "${where.node}": operator of the custom domain "${domain}" is not supported; ${supported()}`,
        where,
      );
    }
    if (!SUPPORTED_ONNX_OPS.includes(op)) {
      throw new OnnxImportError(
        'unsupported-op',
        `${op} "${where.node}": unsupported operator${HINTS[op] ?? ''}; ${supported()}`,
        where,
      );
    }
    const inputNames = (node.input ?? []).map((s) => s ?? '');
    const outputNames = (node.output ?? []).map((s) => s ?? '');
    const ctx: OpContext = {
      b,
      where,
      attrs: new Attributes(node, where),
      inputs: inputNames.map((name) => (name ? lookup(name, where) : undefined)),
      inputNames,
      outputNames,
      single,
    };
    const out = run(ctx, op, options.maxEdges);
    const first = outputNames[0];
    if (!first)
      throw new OnnxImportError('bad-model', `${op} "${where.node}": the node has no output`, where);
    values.set(first, out);
    // second outputs (Dropout mask, MaxPool indices, BatchNormalization statistics) must be unused
    for (const extra of outputNames.slice(1)) {
      if (extra && (consumers.get(extra) ?? 0) > 0) {
        throw new OnnxImportError(
          'unsupported-attribute',
          `${op} "${where.node}": its output "${extra}" is used; supported: only the first output of ${op}`,
          where,
        );
      }
    }
  });

  const outputs = graphOutputs.map((name, k) => {
    const where: OpRef = { op: 'output', node: name };
    const v = values.get(name);
    if (v === undefined || v.kind === 'const') {
      throw new OnnxImportError(
        'bad-model',
        `importOnnx: graph output "${name}" ${v ? 'is a constant' : 'is computed by no node'}; supported: outputs computed from the input`,
      );
    }
    let a = v;
    if (a.kind === 'neurons') {
      b.notes.push(`graph output "${name}" is read from hidden neurons through edges of fixed weight 1`);
      a = b.unitAffine(a, where);
    }
    const made = b.materialize(a, 'identity', 'output', [...a.ops], where);
    b.layers[b.nodeLayer[made.node[0]!]!]!.notes.push(`graph output ${k} "${name}"`);
    return { name, shape: v.shape, nodes: made.node };
  });
  if (outputs.length === 0) throw new OnnxImportError('bad-model', 'importOnnx: the graph has no output');
  return { b, opset, input: { name: inputName, shape: inputShape, source }, outputs };
}

function run(ctx: OpContext, op: string, limit: number): Value {
  switch (op) {
    case 'Gemm':
      return gemm(ctx);
    case 'MatMul':
      return matMul(ctx);
    case 'Conv':
      return conv(ctx);
    case 'Add':
      return add(ctx);
    case 'Relu':
      return relu(ctx);
    case 'MaxPool':
      return maxPool(ctx);
    case 'BatchNormalization':
      return batchNormalization(ctx);
    case 'Flatten':
      return flatten(ctx);
    case 'Reshape':
      return reshape(ctx);
    case 'Identity':
      return identity(ctx);
    case 'Dropout':
      return dropout(ctx);
    default:
      return constant(ctx, limit);
  }
}

type Dim = { dimValue?: unknown; dimParam?: string | null };

function resolveInputShape(
  name: string,
  dims: Dim[] | null | undefined,
  option: number[] | undefined,
): { shape: number[]; source: 'model' | 'option' | 'model, batch set to 1' } {
  const declared = dims?.map((d) =>
    Object.hasOwn(d, 'dimValue') && toInt(d.dimValue, `input "${name}" dimension`) > 0
      ? toInt(d.dimValue, `input "${name}" dimension`)
      : (d.dimParam ?? '?'),
  );
  const show = declared ? `[${declared.join(', ')}]` : 'of unknown rank';
  if (option) {
    if (declared) {
      if (declared.length !== option.length) {
        throw new RangeError(
          `importOnnx: options.inputShape ${fmt(option)} has rank ${option.length}, but input "${name}" is ${show}`,
        );
      }
      declared.forEach((d, i) => {
        if (typeof d === 'number' && d !== option[i]) {
          throw new RangeError(
            `importOnnx: options.inputShape ${fmt(option)} disagrees with input "${name}" ${show} at axis ${i}`,
          );
        }
      });
    }
    return { shape: option, source: 'option' };
  }
  if (!declared) {
    throw new OnnxImportError(
      'dynamic-shape',
      `importOnnx: input "${name}" has no declared shape; pass options.inputShape`,
    );
  }
  const dynamic = declared.flatMap((d, i) => (typeof d === 'number' ? [] : [i]));
  if (dynamic.length === 0) return { shape: declared as number[], source: 'model' };
  if (dynamic.length === 1 && dynamic[0] === 0 && declared.length >= 2) {
    return { shape: [1, ...(declared.slice(1) as number[])], source: 'model, batch set to 1' };
  }
  throw new OnnxImportError(
    'dynamic-shape',
    `importOnnx: input "${name}" has dynamic dimensions ${show} (axes ${dynamic.join(', ')}); only a dynamic batch axis 0 is ` +
      'set automatically: pass options.inputShape with static values',
  );
}
