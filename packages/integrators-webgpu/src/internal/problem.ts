import { type DataProblem, type LayeredFlowProblem, layeredFlowLoss } from '@idyn/integrators';
import { finiteVector, show } from '@idyn/integrators/backend';
import { layeredSource, layeredWorkgroupFloats, linearSource } from './wgsl.js';

/** A validated data problem, reduced to what the kernels need. */
export interface GpuProblem {
  readonly kind: 'linear' | 'layered-flow';
  /** State dimension D. */
  readonly dim: number;
  /** DATA buffer: A for linear; X (samples × n_0) then Yᵀ-rows (samples × n_L) for layered. */
  readonly data: Float32Array;
  /** Residual factor of the output cotangent (1/N for MSE, 1 for the synthetic loss). */
  readonly scale: number;
  /** Quartic coefficient of the synthetic loss (0 for MSE). */
  readonly quartic: number;
  /** The layered problem as given (for the neuron laws), or null. */
  readonly layered: LayeredFlowProblem | null;
  /**
   * WGSL of the right-hand side for a workgroup memory of `bytes`, with its cache key.
   * @throws RangeError when the problem does not fit `bytes`
   */
  source(fn: string, bytes: number): { readonly key: string; readonly code: string; readonly tile: number };
}

/**
 * Validates a data problem for the WebGPU kernels. Layered flows are validated by
 * `layeredFlowLoss` of @idyn/integrators, so this backend accepts exactly the problems the CPU
 * backend accepts. The synthetic loss f(z) on z = W_L ⋯ W_1 is the network applied to the n_0
 * columns of the identity (sample j has output z[:, j], target the row j of Yᵀ).
 */
export function resolveProblem(fn: string, problem: DataProblem): GpuProblem {
  if (problem === null || typeof problem !== 'object') {
    throw new TypeError(`${fn}: problem must be an object, got ${show(problem)}`);
  }
  const kind = (problem as { kind?: unknown }).kind;
  if (kind === 'linear') {
    const p = problem as Extract<DataProblem, { kind: 'linear' }>;
    if (typeof p.dim !== 'number' || !Number.isInteger(p.dim) || p.dim < 1) {
      throw new RangeError(`${fn}: problem.dim must be a positive integer, got ${show(p.dim)}`);
    }
    const A = finiteVector(fn, 'problem.A', p.A, p.dim * p.dim, 'dim²');
    const dim = p.dim;
    return {
      kind: 'linear',
      dim,
      data: Float32Array.from(A),
      scale: 1,
      quartic: 0,
      layered: null,
      source(fnName, bytes) {
        const need = (dim + 1) * 4;
        if (need > bytes) {
          throw new RangeError(
            `${fnName}: problem.dim = ${dim} needs ${need} bytes of workgroup memory, above maxComputeWorkgroupStorageSize = ${bytes}`,
          );
        }
        return { key: `linear:${dim}`, code: linearSource(dim), tile: 0 };
      },
    };
  }
  if (kind !== 'layered-flow') {
    throw new RangeError(`${fn}: problem.kind must be 'linear' or 'layered-flow', got ${show(kind)}`);
  }
  const p = problem as LayeredFlowProblem;
  const layout = layeredFlowLoss(p); // throws TypeError/RangeError naming the field
  const widths = p.widths.slice();
  const L = widths.length - 1;
  const n0 = widths[0]!;
  const nL = widths[L]!;
  const acts = typeof p.activation === 'string' ? new Array(L - 1).fill(p.activation) : p.activation;
  const relu = (acts as readonly string[]).map((a) => a === 'relu');
  let samples: number;
  let data: Float32Array;
  let scale: number;
  let quartic: number;
  if (p.loss.type === 'mse') {
    samples = p.loss.samples;
    data = new Float32Array(samples * (n0 + nL));
    data.set(Float32Array.from(p.loss.X), 0);
    data.set(Float32Array.from(p.loss.Y), samples * n0);
    scale = 1 / samples;
    quartic = 0;
  } else {
    samples = n0;
    data = new Float32Array(n0 * (n0 + nL));
    for (let j = 0; j < n0; j++) data[j * n0 + j] = 1;
    for (let i = 0; i < nL; i++) {
      for (let j = 0; j < n0; j++) data[n0 * n0 + j * nL + i] = p.loss.Y[i * n0 + j]!;
    }
    scale = 1;
    quartic = p.loss.quartic ?? 0.1;
  }
  const dim = layout.dim;
  return {
    kind: 'layered-flow',
    dim,
    data,
    scale,
    quartic,
    layered: p,
    source(fnName, bytes) {
      const floats = Math.floor(bytes / 4);
      let tile = samples;
      while (tile > 1 && layeredWorkgroupFloats(widths, dim, tile) > floats) tile = Math.ceil(tile / 2);
      const need = layeredWorkgroupFloats(widths, dim, tile) * 4;
      if (need > bytes) {
        throw new RangeError(
          `${fnName}: problem.widths = [${widths.join(', ')}] need ${need} bytes of workgroup memory (θ and its gradient, D = ${dim}, and one sample's activations), above maxComputeWorkgroupStorageSize = ${bytes}`,
        );
      }
      const shape = {
        widths,
        relu,
        bias: p.bias,
        wOffset: layout.weightOffsets,
        bOffset: layout.biasOffsets,
        dim,
        samples,
        tile,
      };
      const key = `layered:${widths.join(',')}:${relu.map((r) => (r ? 'r' : 'i')).join('')}:${p.bias}:${samples}:${tile}`;
      return { key, code: layeredSource(shape), tile };
    },
  };
}
