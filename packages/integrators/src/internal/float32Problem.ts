import type { DataProblem, LayeredFlowProblem } from '../types.js';
import { compileLayered, type LayeredLayout } from './layered.js';
import { assertPositiveInteger, finiteVector, show } from './validate.js';

/** A validated `linear` problem y′ = A y, with A in float32. */
export interface Float32Linear {
  /** Discriminant. */
  readonly kind: 'linear';
  /** The problem as given. */
  readonly problem: DataProblem;
  /** State dimension. */
  readonly dim: number;
  /** A, dim × dim row-major, float32. */
  readonly A: Float32Array;
  /** Structural key (`linear:dim`): equal keys compile to the same kernels. */
  readonly key: string;
}

/** A validated `layered-flow` problem, its data in float32 and its θ layout (that of the CPU compiler). */
export interface Float32Layered extends LayeredLayout {
  /** Discriminant. */
  readonly kind: 'layered-flow';
  /** The problem as given (for the laws, and the CPU path). */
  readonly problem: LayeredFlowProblem;
  /**
   * Samples the kernels loop over: N for MSE; n_0 for the synthetic loss, whose z = W_L ⋯ W_1 is
   * the network evaluated on the columns of the identity.
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
  /** Structural key (widths, activations, bias, samples): equal keys compile to the same kernels. */
  readonly key: string;
}

/** A data problem validated for float32 kernels. */
export type Float32Problem = Float32Linear | Float32Layered;

/**
 * Validates a data-described problem for float32 kernels and reduces it to what they need. A
 * layered flow is validated by the CPU backend's own compiler (so every backend accepts exactly
 * the same problems, with the same messages); the synthetic loss f(z) on z = W_L ⋯ W_1 becomes
 * the network applied to the n_0 columns of the identity (sample j has output z[:, j], target the
 * row j of Yᵀ), so that the kernels only know one loss shape.
 *
 * @param fn - name of the public function, for messages
 * @param problem - a `linear` or `layered-flow` problem
 * @param maxWidth - largest dim (linear) or layer width (layered) the kernels accept
 * @returns the validated problem, data in float32
 * @throws TypeError / RangeError naming the field and its value
 * @example
 * resolveFloat32Problem('f', { kind: 'linear', dim: 1, A: [-1] }).key; // 'linear:1'
 * @see MATH.md §5 (the synthetic loss), §1 (layered networks)
 */
export function resolveFloat32Problem(
  fn: string,
  problem: DataProblem,
  maxWidth = Number.POSITIVE_INFINITY,
): Float32Problem {
  if (problem === null || typeof problem !== 'object') {
    throw new TypeError(`${fn}: problem must be an object, got ${show(problem)}`);
  }
  const kind = (problem as { kind?: unknown }).kind;
  if (kind === 'linear') {
    const p = problem as Extract<DataProblem, { kind: 'linear' }>;
    const dim = assertPositiveInteger(fn, 'problem.dim', p.dim);
    if (dim > maxWidth) {
      throw new RangeError(`${fn}: problem.dim is ${dim}, above the kernel limit ${maxWidth}`);
    }
    const A = finiteVector(fn, 'problem.A', p.A, dim * dim, 'dim²');
    return { kind: 'linear', problem, dim, A: Float32Array.from(A), key: `linear:${dim}` };
  }
  if (kind !== 'layered-flow') {
    throw new RangeError(`${fn}: problem.kind must be 'linear' or 'layered-flow', got ${show(kind)}`);
  }
  const p = problem as LayeredFlowProblem;
  const model = compileLayered(fn, p);
  const widths = model.widths;
  widths.forEach((w, i) => {
    if (w > maxWidth) {
      throw new RangeError(`${fn}: problem.widths[${i}] is ${w}, above the kernel limit ${maxWidth}`);
    }
  });
  const L = model.layers;
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
  const { relu, bias, dim, wOffset, bOffset } = model;
  const key = `layered:${widths.join(',')}:${relu.map((r) => (r ? 'r' : 'i')).join('')}:${bias}:${samples}`;
  return {
    kind: 'layered-flow',
    problem: p,
    widths,
    layers: L,
    relu,
    bias,
    dim,
    wOffset,
    bOffset,
    samples,
    X,
    Y,
    scale,
    quartic,
    key,
  };
}
