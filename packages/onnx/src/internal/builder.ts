// The intermediate form of an import: a growing DAG (nodes, edges with a parameter index each),
// the parameters (values, names, the tensor they come from), and the values ONNX tensors stand for
// during the op-by-op translation:
// - `neurons`: one existing node per element (inputs, hidden neurons already built);
// - `affine`: one pending affine form per element, Σ θ[param] · node + θ[bias], not yet a neuron:
//   linear operators produce these, and Relu, MaxPool, the next linear operator or a graph output
//   turn them into neurons. Keeping them pending is what lets Add (residual), BatchNormalization
//   (folding) and bias Adds merge into the affine map before a neuron exists;
// - `const`: initializers and Constant outputs (weights, biases, shapes).
import { OnnxImportError } from '../OnnxImportError.js';
import { fmt, size } from './shape.js';

export type Act = 'relu' | 'identity' | 'maxpool';

/** Parameter index of an edge into a max-pool neuron (weight 1, no parameter). */
export const POOL_EDGE = -1;
/** Parameter index of a parameter-free edge of fixed weight 1 (a residual skip). */
export const FIXED_ONE = -2;

/** An ONNX node, for messages and the report. */
export interface OpRef {
  op: string;
  node: string;
}

export interface NeuronsValue {
  kind: 'neurons';
  shape: number[];
  node: Int32Array;
  /**
   * Set on a MaxPool output whose antecedents are identity neurons made only for this pool, so a
   * following Relu may move before the pool (max and ReLU commute).
   */
  poolOf?: Int32Array;
}

export interface AffineValue {
  kind: 'affine';
  shape: number[];
  /** CSR: the terms of element e are ptr[e]..ptr[e+1]. */
  ptr: Int32Array;
  src: Int32Array;
  param: Int32Array;
  /** Bias parameter per element, -1 for none. */
  bias: Int32Array;
  /** Whether no other value shares these parameters (needed to fold a BatchNormalization). */
  exclusive: boolean;
  /** ONNX nodes merged into this affine map. */
  ops: OpRef[];
  /** Neurons made from this value, per activation. */
  made?: Map<Act, NeuronsValue>;
}

export interface ConstValue {
  kind: 'const';
  shape: number[];
  data: Float64Array;
  /** The ONNX tensor name (initializer or Constant output). */
  tensor: string;
  /** Whether this tensor is read by exactly one node input (so its parameters may be rescaled). */
  exclusive: boolean;
}

export type Value = NeuronsValue | AffineValue | ConstValue;

export type ParamRole = 'weight' | 'bias';

/** Where a group of parameters came from. */
export type ParamSource = 'initializer' | 'batchnorm';

export interface ParamTensor {
  name: string;
  role: ParamRole;
  shape: number[];
  start: number;
  size: number;
  source: ParamSource;
  /** Operations folded into these values (BatchNormalization, Gemm alpha/beta). */
  folded: string[];
}

export interface LayerRec {
  kind: 'hidden' | 'output';
  activation: Act;
  shape: number[];
  ops: OpRef[];
  /** Node indices of its neurons (element order). */
  nodes: Int32Array;
  notes: string[];
}

export class Builder {
  readonly nodeKind: ('input' | 'hidden' | 'output')[] = [];
  readonly nodeAct: Act[] = [];
  readonly nodeBias: number[] = [];
  readonly nodeLayer: number[] = [];
  /** Element index of the node within its layer (or input). */
  readonly nodePos: number[] = [];
  readonly eFrom: number[] = [];
  readonly eTo: number[] = [];
  readonly eParam: number[] = [];
  readonly pValue: number[] = [];
  readonly pName: string[] = [];
  readonly pTensor: number[] = [];
  readonly tensors: ParamTensor[] = [];
  readonly layers: LayerRec[] = [];
  readonly folded: string[] = [];
  readonly notes: string[] = [];
  private readonly constParams = new Map<
    ConstValue,
    { role: ParamRole; index: Int32Array; tensor: number }
  >();
  private stamp = new Int32Array(0);
  private stampRound = 0;
  /** Count of terms built so far (edges, or pending forms that may become edges). */
  private work = 0;
  /** Antecedents of every max-pool node. */
  readonly poolIn = new Map<number, Int32Array>();

  constructor(readonly maxEdges: number) {}

  /** Throws `too-large` once the import would build more than maxEdges edges or neurons. */
  charge(n: number, where: OpRef | undefined, what: string): void {
    this.work += n;
    if (this.work > this.maxEdges || n > this.maxEdges) {
      throw new OnnxImportError(
        'too-large',
        `${where ? `${where.op} "${where.node}": ` : 'importOnnx: '}${what} would take the network past ` +
          `maxEdges = ${this.maxEdges} edges and neurons; raise the option maxEdges to import it`,
        where ?? {},
      );
    }
  }

  addInputs(shape: number[]): NeuronsValue {
    const n = size(shape);
    this.charge(n, undefined, `the input of shape ${fmt(shape)}`);
    const node = new Int32Array(n);
    for (let e = 0; e < n; e++) node[e] = this.addNode('input', 'identity', -1, -1, e);
    return { kind: 'neurons', shape, node };
  }

  private addNode(
    kind: 'input' | 'hidden' | 'output',
    act: Act,
    bias: number,
    layer: number,
    pos: number,
  ): number {
    this.nodeKind.push(kind);
    this.nodeAct.push(act);
    this.nodeBias.push(bias);
    this.nodeLayer.push(layer);
    this.nodePos.push(pos);
    return this.nodeKind.length - 1;
  }

  /** New parameters with the given values, one tensor. Returns the index of the first. */
  newParams(
    name: string,
    role: ParamRole,
    shape: number[],
    values: ArrayLike<number>,
    source: ParamSource,
  ): number {
    const start = this.pValue.length;
    const t = this.tensors.length;
    this.tensors.push({ name, role, shape, start, size: values.length, source, folded: [] });
    const strides: number[] = [];
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i]!;
    }
    for (let i = 0; i < values.length; i++) {
      this.pValue.push(values[i]!);
      this.pTensor.push(t);
      const idx =
        shape.length === 0 ? '' : `[${shape.map((d, j) => Math.floor(i / strides[j]!) % d).join(',')}]`;
      this.pName.push(`${name}${idx}`);
    }
    return start;
  }

  /**
   * The parameters standing for the elements of a constant (one per element, created once per
   * tensor: a tensor read by two operators gives them shared parameters).
   */
  paramsOf(c: ConstValue, role: ParamRole, where: OpRef): Int32Array {
    const known = this.constParams.get(c);
    if (known) {
      if (known.role !== role) {
        throw new OnnxImportError(
          'not-affine',
          `${where.op} "${where.node}": tensor "${c.tensor}" is used as a ${role} here and as a ${known.role} elsewhere; a parameter is a weight or a bias, not both`,
          where,
        );
      }
      return known.index;
    }
    const start = this.newParams(c.tensor, role, c.shape, c.data, 'initializer');
    const index = new Int32Array(c.data.length);
    for (let i = 0; i < index.length; i++) index[i] = start + i;
    this.constParams.set(c, { role, index, tensor: this.tensors.length - 1 });
    return index;
  }

  /**
   * Builds neurons for an affine value: one node per element with the element's terms as incoming
   * edges and its bias. Hidden neurons need at least one incoming edge.
   */
  materialize(a: AffineValue, act: Act, kind: 'hidden' | 'output', ops: OpRef[], where: OpRef): NeuronsValue {
    const n = size(a.shape);
    this.charge(n, where, `${n} neurons`);
    const layer = this.layers.length;
    const node = new Int32Array(n);
    const nodesBefore = this.nodeKind.length;
    const nTotal = nodesBefore + n;
    if (this.stamp.length < nTotal) {
      const grown = new Int32Array(Math.max(nTotal, 2 * this.stamp.length));
      grown.set(this.stamp);
      this.stamp = grown;
    }
    for (let e = 0; e < n; e++) {
      const lo = a.ptr[e]!;
      const hi = a.ptr[e + 1]!;
      if (hi === lo) {
        throw new OnnxImportError(
          'not-affine',
          `${where.op} "${where.node}": output element ${e} of shape ${fmt(a.shape)} depends on no input ` +
            '(e.g. a convolution window that covers only padding); such constant neurons are not supported',
          where,
        );
      }
      const v = this.addNode(kind, act, a.bias[e]!, layer, e);
      node[e] = v;
      this.stampRound++;
      for (let j = lo; j < hi; j++) {
        const u = a.src[j]!;
        if (this.stamp[u] === this.stampRound) {
          throw new OnnxImportError(
            'not-affine',
            `${where.op} "${where.node}": output element ${e} would read the same neuron twice ` +
              '(e.g. Add of a tensor to itself); supported: Add of two different branches',
            where,
          );
        }
        this.stamp[u] = this.stampRound;
        this.eFrom.push(u);
        this.eTo.push(v);
        this.eParam.push(a.param[j]!);
      }
    }
    this.layers.push({ kind, activation: act, shape: a.shape, ops, nodes: node, notes: [] });
    return { kind: 'neurons', shape: a.shape, node };
  }

  /** Max-pool neurons: one per window, edges (no parameter) from the window's elements. */
  maxPoolLayer(shape: number[], windows: Int32Array[], ops: OpRef[], where: OpRef): NeuronsValue {
    let total = 0;
    for (const w of windows) total += w.length;
    this.charge(total + windows.length, where, `${windows.length} max-pool neurons with ${total} edges`);
    const layer = this.layers.length;
    const node = new Int32Array(windows.length);
    windows.forEach((w, e) => {
      const v = this.addNode('hidden', 'maxpool', -1, layer, e);
      node[e] = v;
      this.poolIn.set(v, w);
      for (const u of w) {
        this.eFrom.push(u);
        this.eTo.push(v);
        this.eParam.push(POOL_EDGE);
      }
    });
    this.layers.push({ kind: 'hidden', activation: 'maxpool', shape, ops, nodes: node, notes: [] });
    return { kind: 'neurons', shape, node };
  }

  /**
   * Neurons as an affine value through parameter-free edges of fixed weight 1 ({@link FIXED_ONE}):
   * how a parameter-free connection (a residual skip, an output read straight from hidden neurons)
   * enters the graph.
   */
  unitAffine(v: NeuronsValue, where: OpRef): AffineValue {
    const n = v.node.length;
    this.charge(n, where, `${n} fixed-weight edges`);
    const ptr = new Int32Array(n + 1);
    for (let e = 0; e < n; e++) ptr[e + 1] = e + 1;
    return {
      kind: 'affine',
      shape: v.shape,
      ptr,
      src: v.node.slice(),
      param: new Int32Array(n).fill(FIXED_ONE),
      bias: new Int32Array(n).fill(-1),
      exclusive: true,
      ops: [],
    };
  }

  /** The value as neurons: pending affine forms become identity neurons (once per value). */
  asNeurons(v: Value, where: OpRef, input: string): NeuronsValue {
    if (v.kind === 'neurons') return v;
    if (v.kind === 'const') {
      throw new OnnxImportError(
        'not-affine',
        `${where.op} "${where.node}": input "${input}" is a constant, so this ${where.op} computes no function of the network input; supported: ${where.op} of the data path with constant weights`,
        where,
      );
    }
    return this.neuronsOf(v, 'identity', where);
  }

  /** Neurons of an affine value with the given activation, built once per activation. */
  neuronsOf(a: AffineValue, act: Act, where: OpRef, extraOps: OpRef[] = []): NeuronsValue {
    const made = a.made?.get(act);
    if (made) return made;
    const n = this.materialize(a, act, 'hidden', [...a.ops, ...extraOps], where);
    a.made ??= new Map();
    a.made.set(act, n);
    // its parameters now sit on edges: rescaling them would change those neurons
    a.exclusive = false;
    return n;
  }

  /** Whether every element of a neurons value is ≥ 0 whatever the input (ReLU, max of those). */
  nonNegative(v: NeuronsValue): boolean {
    const memo = new Map<number, boolean>();
    const check = (u: number): boolean => {
      const m = memo.get(u);
      if (m !== undefined) return m;
      let r = false;
      if (this.nodeKind[u] === 'hidden') {
        if (this.nodeAct[u] === 'relu') r = true;
        else if (this.nodeAct[u] === 'maxpool') r = this.poolIn.get(u)!.every(check);
      }
      memo.set(u, r);
      return r;
    };
    return v.node.every(check);
  }
}
