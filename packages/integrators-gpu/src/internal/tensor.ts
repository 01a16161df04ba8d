import type { GPU, IKernelRunShortcut } from 'gpu.js';
import { Input } from 'gpu.js';

/**
 * A value that lives with the kernels: a gpu.js pipeline texture on GL (`pipeline: true`,
 * `immutable: true`: each call returns a fresh texture that must be released), or nested
 * Float32Array rows in gpu.js's `cpu` and `webasm` modes (no device memory; garbage collected).
 */
export type Tensor = unknown;

/**
 * A compiled gpu.js kernel function. The second call signature takes and returns tensors as they
 * are typed here (`unknown`): gpu.js's own `KernelVariable` grows DOM members when a consumer (the
 * site) type-checks with the DOM library, and a tensor is none of them.
 */
export type Kernel = ((...args: Tensor[]) => Tensor) & IKernelRunShortcut;

/** Compiles a kernel from its source (gpu.js `createKernel`), typed as a {@link Kernel}. */
export function compileKernel(gpu: GPU, source: string, settings: Record<string, unknown>): Kernel {
  return gpu.createKernel(source, settings) as unknown as Kernel;
}

/** Kernel settings of every resident kernel: float32 textures, highp, kept on the device. */
export function kernelSettings(output: number[]): Record<string, unknown> {
  return { output, pipeline: true, immutable: true, tactic: 'precision', precision: 'single' };
}

/** Releases a tensor's texture (a no-op for the arrays of the CPU and WebAssembly modes). */
export function release(t: Tensor): void {
  const d = (t as { delete?: () => void } | null)?.delete;
  if (typeof d === 'function') d.call(t);
}

/**
 * Reads a tensor back as a flat Float32Array of `count` values in thread order (x fastest):
 * `readPixels` of the RGBA float texture on GL (the value sits in the red channel), a walk
 * through the nested rows elsewhere. This is the only way data leaves the device.
 */
export function readBack(t: Tensor, count: number): Float32Array {
  const raw = (t as { renderRawOutput?: () => Float32Array }).renderRawOutput;
  const out = new Float32Array(count);
  if (typeof raw === 'function') {
    const px = raw.call(t);
    for (let i = 0; i < count; i++) out[i] = px[4 * i]!;
    return out;
  }
  let i = 0;
  const walk = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) {
      const a = v as Float32Array;
      out.set(a.subarray(0, Math.min(a.length, count - i)), i);
      i += a.length;
      return;
    }
    for (const row of v as unknown[]) walk(row);
  };
  walk(t);
  return out;
}

/** Wraps a flat typed array as a gpu.js input of the given size ([x, y] or [x, y, z]). */
export function input(value: Float32Array, size: number[]): Input {
  // gpu.js types Input's value as number[]; at run time it takes any typed array without copying.
  return new Input(value as unknown as number[], size as unknown as Int32Array);
}

/**
 * Kernels that turn host arrays into device tensors once per run (so that constant data such as
 * the samples X, the targets Y, A or the time tables is not uploaded again at every launch).
 */
export function createLoader(gpu: GPU, size: number[]): Kernel {
  const body =
    size.length === 3
      ? 'return a[this.thread.z][this.thread.y][this.thread.x];'
      : size.length === 2
        ? 'return a[this.thread.y][this.thread.x];'
        : 'return a[this.thread.x];';
  return compileKernel(gpu, `function (a) { ${body} }`, kernelSettings(size));
}
