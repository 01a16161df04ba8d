// Public entry of @idyn/integrators/backend: the building blocks of the CPU engine, shared with
// other backends (e.g. @idyn/integrators-gpu) so that option validation, settings resolution,
// step-size control and dense output have one implementation. Re-exports only.
export * from './internal/validate.js';
export {
  FLOAT64_TOLERANCES,
  resolveStepSettings,
  type StepSettings,
  type ToleranceDefaults,
} from './internal/settings.js';
export * from './internal/stepControl.js';
export * from './internal/combine.js';
export { abortError, batchProgress, checkBatchOptions } from './internal/batchInput.js';
