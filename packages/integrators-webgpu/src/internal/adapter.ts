import type { WebGpuAdapterInfo } from '../availableWebGpu.js';
import { WebGpuUnavailableError } from '../WebGpuUnavailableError.js';

/** Where the GPU object comes from, for the messages that say what is missing. */
export type Environment = 'browser' | 'node';

/** What is missing when Dawn in Node finds no adapter. */
export function nodeMissing(vulkanLoader: string | null): string[] {
  return [
    'a GPU with a Vulkan driver (its ICD, e.g. NVIDIA’s nvidia_icd.json; point VK_DRIVER_FILES at it if the loader does not find it)',
    vulkanLoader === null
      ? 'the Vulkan loader libvulkan.so.1, which was not found (Debian/Ubuntu: apt-get install libvulkan1)'
      : `the Vulkan loader libvulkan1 (found: ${vulkanLoader}), with a driver it can load`,
  ];
}

/** Reads the adapter's identity (GPUAdapterInfo, with the older fallback flag as a second source). */
export function adapterInfo(adapter: GPUAdapter): WebGpuAdapterInfo {
  const info = (adapter as { info?: GPUAdapterInfo }).info;
  const fallback =
    (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
    false;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter: fallback === true,
  };
}

/** A short name of the adapter for results: `webgpu:vendor/architecture`, plus ` (fallback adapter)`. */
export function adapterLabel(info: WebGpuAdapterInfo): string {
  const id = [info.vendor || 'unknown-vendor', info.architecture || info.device || 'unknown'].join('/');
  return `webgpu:${id}${info.isFallbackAdapter ? ' (fallback adapter)' : ''}`;
}

/**
 * Finds an adapter on `gpu`, or throws {@link WebGpuUnavailableError} saying what is missing.
 */
export async function requestAdapter(
  gpu: GPU | undefined,
  env: Environment,
  powerPreference: GPUPowerPreference,
  vulkanLoader: string | null,
): Promise<GPUAdapter> {
  if (gpu === undefined || gpu === null) {
    throw new WebGpuUnavailableError(
      'WebGPU is not available: navigator.gpu is undefined',
      env === 'node'
        ? ['a GPU object (pass options.gpu, or use @idyn/integrators-webgpu/node, which loads Dawn)']
        : [
            'a browser with WebGPU, on a secure page (https:// or http://localhost); headless Chromium also needs --enable-unsafe-webgpu',
          ],
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference });
  if (adapter === null) {
    if (env === 'node') {
      const missing = nodeMissing(vulkanLoader);
      throw new WebGpuUnavailableError(
        'no WebGPU adapter: Dawn (npm webgpu 0.6.2) found no usable Vulkan device',
        missing,
      );
    }
    throw new WebGpuUnavailableError('no WebGPU adapter: navigator.gpu.requestAdapter() returned null', [
      'a GPU adapter that this browser allows for WebGPU (none found, or its GPU/driver is blocked)',
    ]);
  }
  return adapter;
}
