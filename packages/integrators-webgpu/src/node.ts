// Node entry of @idyn/integrators-webgpu: the same backend on Dawn (the npm package `webgpu`),
// which only this entry loads. Re-exports the browser entry too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AvailableWebGpuOptions, probe, type WebGpuAvailability } from './availableWebGpu.js';
import { createBackend, type WebGpuBackend, type WebGpuBackendOptions } from './createWebGpuBackend.js';

export * from './index.js';

let dawn: GPU | null = null;

/**
 * Dawn's GPU object (npm `webgpu` 0.6.2, loaded on first use and kept): the Node counterpart of
 * `navigator.gpu`. Loading needs no GPU; finding an adapter needs a Vulkan device (Linux).
 *
 * @returns the GPU object
 * @throws Error when the `webgpu` package or its native `dawn.node` cannot be loaded
 * @example
 * const gpu = await nodeGpu();
 * typeof gpu.requestAdapter; // 'function'
 */
export async function nodeGpu(): Promise<GPU> {
  if (dawn === null) {
    const { create } = (await import('webgpu')) as { create: (flags: string[]) => GPU };
    dawn = create([]);
  }
  return dawn;
}

/**
 * Where the Vulkan loader `libvulkan.so.1` is on this Linux machine (LD_LIBRARY_PATH and the
 * usual library folders), or null when it is not found; on other platforms the platform name.
 *
 * @returns the path, the platform, or null
 * @example
 * vulkanLoader(); // '/usr/lib/x86_64-linux-gnu/libvulkan.so.1' after apt-get install libvulkan1
 */
export function vulkanLoader(): string | null {
  if (process.platform !== 'linux') return process.platform;
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter((d) => d !== ''),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/lib/x86_64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
  ];
  for (const d of dirs) {
    const p = join(d, 'libvulkan.so.1');
    if (existsSync(p)) return p;
  }
  return null;
}

/**
 * {@link availableWebGpu} for Node: asks Dawn for an adapter. Without one it reports what is
 * missing: a GPU with a Vulkan driver, and the Vulkan loader libvulkan1 (whether it was found).
 *
 * @param options - power preference; `gpu` overrides Dawn
 * @returns the adapter and its limits, or the reason and what is missing
 * @example
 * const r = await availableWebGpu();
 * r.available; // false on a CPU-only machine
 * r.reason;    // 'no WebGPU adapter: Dawn (npm webgpu 0.6.2) found no usable Vulkan device; missing: a GPU with a Vulkan driver …'
 */
export async function availableWebGpu(options: AvailableWebGpuOptions = {}): Promise<WebGpuAvailability> {
  const gpu = options.gpu ?? (await nodeGpu());
  return probe(gpu, 'node', options.powerPreference ?? 'high-performance', vulkanLoader());
}

/**
 * {@link createWebGpuBackend} for Node, on Dawn unless `options.gpu` or `options.device` is given.
 *
 * @param options - as for the browser entry
 * @returns the backend
 * @throws WebGpuUnavailableError naming what is missing (a GPU with a Vulkan driver; libvulkan1)
 * @example
 * const gpu = await createWebGpuBackend(); // on a machine with an NVIDIA GPU and its Vulkan ICD
 * gpu.name; // e.g. 'webgpu:nvidia/hopper'
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const gpu = options.device === undefined ? (options.gpu ?? (await nodeGpu())) : options.gpu;
  return createBackend({ ...options, ...(gpu ? { gpu } : {}) }, 'node', vulkanLoader(), gpu);
}
