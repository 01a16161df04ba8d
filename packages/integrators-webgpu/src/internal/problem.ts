import type { LayeredFlowProblem } from '@idyn/integrators';
import type { Float32Problem } from '@idyn/integrators/backend';
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
 * The WGSL kernels' view of a data problem validated by `resolveFloat32Problem` of
 * @idyn/integrators/backend (the validation every float32 backend shares, so that this backend
 * accepts exactly the problems the CPU backend accepts): one DATA buffer, and the source of the
 * right-hand side for the device's workgroup memory (the samples tiled to fit it).
 */
export function gpuProblem(r: Float32Problem): GpuProblem {
  if (r.kind === 'linear') {
    const dim = r.dim;
    return {
      kind: 'linear',
      dim,
      data: r.A,
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
        return { key: r.key, code: linearSource(dim), tile: 0 };
      },
    };
  }
  const { widths, dim, samples } = r;
  const data = new Float32Array(r.X.length + r.Y.length);
  data.set(r.X, 0);
  data.set(r.Y, r.X.length);
  return {
    kind: 'layered-flow',
    dim,
    data,
    scale: r.scale,
    quartic: r.quartic,
    layered: r.problem,
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
        relu: r.relu,
        bias: r.bias,
        wOffset: r.wOffset,
        bOffset: r.bOffset,
        dim,
        samples,
        tile,
      };
      return { key: `${r.key}:${tile}`, code: layeredSource(shape), tile };
    },
  };
}
