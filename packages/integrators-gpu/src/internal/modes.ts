import * as gpujs from 'gpu.js';
import type { IKernelRunShortcut } from 'gpu.js';

/** gpu.js modes this package accepts. */
export const GPU_MODES = ['gpu', 'webgl2', 'webgl', 'headlessgl', 'webasm', 'cpu'] as const;
/**
 * A gpu.js mode: `'gpu'` (best available), `'webgl2'`, `'webgl'`, `'headlessgl'`, `'webasm'`, `'cpu'`.
 * WebGPU is deliberately absent.
 */
export type GpuMode = (typeof GPU_MODES)[number];

type KernelClass = { readonly isSupported?: boolean; readonly name?: string } & (abstract new (
  ...args: never[]
) => unknown);

// The browser build of gpu.js has no HeadlessGLKernel (and possibly no WebAssemblyKernel): look
// the classes up by name and treat a missing one as unsupported.
function kernelClass(name: string): KernelClass | undefined {
  const value = (gpujs as unknown as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as KernelClass) : undefined;
}

const CLASS_OF_MODE: Readonly<Record<Exclude<GpuMode, 'gpu' | 'cpu'>, string>> = {
  headlessgl: 'HeadlessGLKernel',
  webgl2: 'WebGL2Kernel',
  webgl: 'WebGLKernel',
  webasm: 'WebAssemblyKernel',
};

function supported(name: string): boolean {
  try {
    return kernelClass(name)?.isSupported === true;
  } catch {
    return false;
  }
}

/**
 * Which modes can run here, probed through gpu.js's own `isSupported` checks (headless-gl is
 * only supported in Node with the `gl` addon built and an X display, e.g. under `xvfb-run -a`).
 * `gpu` is listed when any GPU-class backend (GL or WebAssembly) is supported; `cpu` always.
 */
export function probeModes(): GpuMode[] {
  const modes: GpuMode[] = [];
  for (const mode of ['headlessgl', 'webgl2', 'webgl', 'webasm'] as const) {
    if (supported(CLASS_OF_MODE[mode])) modes.push(mode);
  }
  return [...(modes.length > 0 ? (['gpu'] as const) : []), ...modes, 'cpu'];
}

// Subclasses first: HeadlessGLKernel extends WebGLKernel.
const NAMED_CLASSES = ['HeadlessGLKernel', 'WebGL2Kernel', 'WebGLKernel', 'WebAssemblyKernel', 'CPUKernel'];

/**
 * The class of the kernel that really ran behind a gpu.js kernel function. gpu.js may swap
 * `fn.kernel` for a CPU kernel when a GPU compile fails, so this is read after the run; classes
 * are matched with `instanceof` against gpu.js's exports (robust to minified browser builds),
 * falling back to `constructor.name`.
 */
export function kernelClassName(fn: IKernelRunShortcut): string {
  const kernel = (fn as unknown as { kernel?: object }).kernel;
  if (kernel === undefined || kernel === null) return 'unknown';
  for (const name of NAMED_CLASSES) {
    const C = kernelClass(name);
    if (C !== undefined && kernel instanceof C) return name;
  }
  return (kernel as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
}

/** Whether kernels of this mode render on a GL context (so intermediate results can stay there). */
export function isGlMode(gpu: gpujs.GPU): boolean {
  const K = (gpu as unknown as { Kernel?: unknown }).Kernel;
  const GL = kernelClass('GLKernel');
  return typeof K === 'function' && GL !== undefined && (K === GL || K.prototype instanceof GL);
}
