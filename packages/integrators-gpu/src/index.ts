// Public entry of @idyn/integrators-gpu: re-exports only.
export {
  createGpuBackend,
  DEFAULT_MIN_GPU_BATCH,
  FLOAT32_RTOL_FLOOR,
  type GpuBackend,
  type GpuBackendOptions,
  type GpuBatchIntegrateResult,
  type GpuIntegrateResult,
  type GpuMode,
} from './createGpuBackend.js';
export { type BenchEnsembleOptions, type BenchEnsembleResult, benchEnsemble } from './benchEnsemble.js';
export { availableGpuModes } from './availableGpuModes.js';
