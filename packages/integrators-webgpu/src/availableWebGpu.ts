import { adapterInfo, requestAdapter } from './internal/adapter.js';
import { WebGpuUnavailableError } from './WebGpuUnavailableError.js';

/** The identity of a WebGPU adapter (from `GPUAdapterInfo`). */
export interface WebGpuAdapterInfo {
  /** Vendor, e.g. `'nvidia'`, `'google'` (SwiftShader); may be empty. */
  readonly vendor: string;
  /** Architecture, e.g. `'hopper'`, `'swiftshader'`; may be empty. */
  readonly architecture: string;
  /** Device name or id; often empty in browsers. */
  readonly device: string;
  /** Driver description; often empty in browsers. */
  readonly description: string;
  /** Whether this is a fallback adapter (a software implementation such as SwiftShader). */
  readonly isFallbackAdapter: boolean;
}

/** Result of {@link availableWebGpu}. */
export interface WebGpuAvailability {
  /** Whether an adapter was found. */
  readonly available: boolean;
  /** The adapter, or null. */
  readonly adapter: WebGpuAdapterInfo | null;
  /** The adapter's limits that bound this backend's buffers and dispatches, or null. */
  readonly limits: {
    readonly maxStorageBufferBindingSize: number;
    readonly maxBufferSize: number;
    readonly maxComputeWorkgroupsPerDimension: number;
    readonly maxComputeWorkgroupStorageSize: number;
  } | null;
  /** Empty when available; else what happened and what is missing. */
  readonly reason: string;
  /** What the environment lacks (empty when available). */
  readonly missing: readonly string[];
}

/** Options of {@link availableWebGpu}. */
export interface AvailableWebGpuOptions {
  /** The GPU object to ask. @default globalThis.navigator?.gpu */
  readonly gpu?: GPU;
  /** Adapter preference. @default 'high-performance' */
  readonly powerPreference?: GPUPowerPreference;
}

/**
 * Whether WebGPU can run here, and on which adapter: vendor, architecture and whether it is a
 * fallback (software) adapter. In a browser it asks `navigator.gpu`; in Node use the function of
 * the same name from `@idyn/integrators-webgpu/node`, which asks Dawn. Never throws for a missing
 * adapter: it says what is missing.
 *
 * @param options - the GPU object and the power preference
 * @returns the adapter and its limits, or the reason and what is missing
 * @example
 * const r = await availableWebGpu();
 * r.available;   // headless Chromium with --enable-unsafe-webgpu: true
 * r.adapter;     // { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true, … }
 * @see README, section Notes (where it runs)
 */
export async function availableWebGpu(options: AvailableWebGpuOptions = {}): Promise<WebGpuAvailability> {
  const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  return probe(gpu, 'browser', options.powerPreference ?? 'high-performance', null);
}

/** Shared by the browser and Node entries: the environment decides the messages. */
export async function probe(
  gpu: GPU | undefined,
  env: 'browser' | 'node',
  powerPreference: GPUPowerPreference,
  vulkanLoader: string | null,
): Promise<WebGpuAvailability> {
  try {
    const adapter = await requestAdapter(gpu, env, powerPreference, vulkanLoader);
    const l = adapter.limits;
    return {
      available: true,
      adapter: adapterInfo(adapter),
      limits: {
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      },
      reason: '',
      missing: [],
    };
  } catch (e) {
    if (!(e instanceof WebGpuUnavailableError)) throw e;
    return { available: false, adapter: null, limits: null, reason: e.message, missing: e.missing };
  }
}
