import { type DataProblem, type LayeredFlowProblem, layeredFlowLoss } from '@idyn/integrators';
import { show } from '@idyn/integrators/backend';

/** Largest width of any layer that the generated kernels accept (one thread loops over a width). */
export const MAX_WIDTH = 1024;

/** A validated layered-flow problem, with its data as float32 and the θ layout. */
export interface ResolvedLayered {
  readonly kind: 'layered-flow';
  readonly problem: LayeredFlowProblem;
  readonly widths: readonly number[];
  /** Number of layers L. */
  readonly layers: number;
  /** relu[l − 1] for hidden layer l = 1..L−1. */
  readonly relu: readonly boolean[];
  readonly bias: boolean;
  readonly dim: number;
  readonly wOffset: readonly number[];
  readonly bOffset: readonly number[];
  /**
   * Samples the kernels loop over: N for MSE; n_0 for the synthetic loss, whose z = W_L ⋯ W_1
   * is the network evaluated on the columns of the identity.
   */
  readonly samples: number;
  /** Inputs, samples × n_0 row-major (the identity for the synthetic loss). */
  readonly X: Float32Array;
  /** Targets, samples × n_L row-major (Yᵀ for the synthetic loss). */
  readonly Y: Float32Array;
  /** Factor of the residual in the output cotangent: 1/N for MSE, 1 for the synthetic loss. */
  readonly scale: number;
  /** Quartic coefficient q of the synthetic loss (0 for MSE). */
  readonly quartic: number;
  /** Structural key: equal keys compile to the same kernels. */
  readonly key: string;
}

/** A validated linear problem y′ = A y. */
export interface ResolvedLinear {
  readonly kind: 'linear';
  readonly problem: DataProblem;
  readonly dim: number;
  readonly A: Float32Array;
  readonly key: string;
}

export type ResolvedProblem = ResolvedLayered | ResolvedLinear;

function finiteData(fn: string, name: string, value: unknown, length: number, what: string): Float64Array {
  if (!(ArrayBuffer.isView(value) || Array.isArray(value))) {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${show(value)}`);
  }
  const arr = value as ArrayLike<number>;
  if (arr.length !== length) {
    throw new RangeError(`${fn}: ${name} has length ${arr.length}, expected ${what} = ${length}`);
  }
  const out = Float64Array.from(arr);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${arr[i]}`);
  }
  return out;
}

/**
 * Validates a data-described problem for the GPU kernels. Layered flows are validated by
 * `layeredFlowLoss` of @idyn/integrators (so both backends accept exactly the same problems),
 * then checked against {@link MAX_WIDTH}.
 */
export function resolveProblem(fn: string, problem: DataProblem): ResolvedProblem {
  if (problem === null || typeof problem !== 'object') {
    throw new TypeError(`${fn}: problem must be an object, got ${show(problem)}`);
  }
  const kind = (problem as { kind?: unknown }).kind;
  if (kind === 'linear') {
    const p = problem as Extract<DataProblem, { kind: 'linear' }>;
    if (typeof p.dim !== 'number' || !Number.isInteger(p.dim) || p.dim < 1) {
      throw new RangeError(`${fn}: problem.dim must be a positive integer, got ${show(p.dim)}`);
    }
    if (p.dim > MAX_WIDTH) {
      throw new RangeError(`${fn}: problem.dim is ${p.dim}, above the kernel limit ${MAX_WIDTH}`);
    }
    const A = finiteData(fn, 'problem.A', p.A, p.dim * p.dim, 'dim²');
    return { kind: 'linear', problem, dim: p.dim, A: Float32Array.from(A), key: `linear:${p.dim}` };
  }
  if (kind !== 'layered-flow') {
    throw new RangeError(`${fn}: problem.kind must be 'linear' or 'layered-flow', got ${show(kind)}`);
  }
  const p = problem as LayeredFlowProblem;
  // Throws TypeError/RangeError naming the field for every malformed description.
  const layout = layeredFlowLoss(p);
  const widths = p.widths.slice();
  const L = widths.length - 1;
  widths.forEach((w, i) => {
    if (w > MAX_WIDTH) {
      throw new RangeError(`${fn}: problem.widths[${i}] is ${w}, above the kernel limit ${MAX_WIDTH}`);
    }
  });
  const acts = typeof p.activation === 'string' ? new Array(L - 1).fill(p.activation) : p.activation;
  const relu = (acts as readonly string[]).map((a) => a === 'relu');
  const n0 = widths[0]!;
  const nL = widths[L]!;
  let samples: number;
  let X: Float32Array;
  let Y: Float32Array;
  let scale: number;
  let quartic: number;
  if (p.loss.type === 'mse') {
    samples = p.loss.samples;
    X = Float32Array.from(p.loss.X);
    Y = Float32Array.from(p.loss.Y);
    scale = 1 / samples;
    quartic = 0;
  } else {
    // z = W_L ⋯ W_1 is the network applied to the columns e_j of the identity: sample j has
    // output z[:, j], so the targets are the rows of Yᵀ.
    samples = n0;
    X = new Float32Array(n0 * n0);
    for (let j = 0; j < n0; j++) X[j * n0 + j] = 1;
    Y = new Float32Array(n0 * nL);
    for (let i = 0; i < nL; i++) {
      for (let j = 0; j < n0; j++) Y[j * nL + i] = p.loss.Y[i * n0 + j]!;
    }
    scale = 1;
    quartic = p.loss.quartic ?? 0.1;
  }
  const key = `layered:${widths.join(',')}:${relu.map((r) => (r ? 'r' : 'i')).join('')}:${p.bias}:${samples}`;
  return {
    kind: 'layered-flow',
    problem: p,
    widths,
    layers: L,
    relu,
    bias: p.bias,
    dim: layout.dim,
    wOffset: layout.weightOffsets,
    bOffset: layout.biasOffsets,
    samples,
    X,
    Y,
    scale,
    quartic,
    key,
  };
}
