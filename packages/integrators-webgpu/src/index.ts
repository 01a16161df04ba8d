// Public entry of @idyn/integrators-webgpu (browser-safe: no node: modules, no Dawn): re-exports only.
/// <reference types="@webgpu/types" />
export {
  type AvailableWebGpuOptions,
  availableWebGpu,
  type WebGpuAdapterInfo,
  type WebGpuAvailability,
} from './availableWebGpu.js';
export {
  createWebGpuBackend,
  FLOAT32_RTOL_FLOOR,
  FLOAT32_TOLERANCES,
  type WebGpuBackend,
  type WebGpuBackendOptions,
  type WebGpuBatchIntegrateResult,
  type WebGpuIntegrateResult,
  type WebGpuLimits,
} from './createWebGpuBackend.js';
export {
  type BenchWebGpuEnsembleOptions,
  type BenchWebGpuEnsembleResult,
  benchWebGpuEnsemble,
  evaluationFlops,
} from './benchWebGpuEnsemble.js';
export { WebGpuUnavailableError } from './WebGpuUnavailableError.js';
