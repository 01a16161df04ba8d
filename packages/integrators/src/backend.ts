// Public entry of @idyn/integrators/backend: the building blocks of the CPU engine, shared with
// other backends (e.g. @idyn/integrators-gpu) so that option validation, settings resolution,
// step-size control, the run's status rules and dense output have one implementation. Re-exports
// only, by name, grouped by the file (the idea) that defines them.

// Option validation.
export {
  assertFiniteNumber,
  assertPositiveFinite,
  assertPositiveInteger,
  finiteVector,
  isArrayLikeNumbers,
  show,
} from './internal/validate.js';
// Settings: every option resolved once, with the backend's tolerance defaults.
export {
  FLOAT64_TOLERANCES,
  resolveStepSettings,
  type StepSettings,
  type ToleranceDefaults,
} from './internal/settings.js';
// Norms: finiteness, the divergence max-norm, the initial-step RMS norm, the error norm.
export { allFinite, maxAbs, scaledErrorNorm, scaledRms } from './internal/norms.js';
// The first step.
export { initialStepFromProbe, initialStepProbe, presetFirstStep } from './internal/initialStep.js';
// Step-size control: proposal, acceptance, PI controller.
export {
  acceptsError,
  belowTimeResolution,
  controllerExponent,
  errorMemory,
  INITIAL_ERROR_MEMORY,
  judgeTrial,
  proposeAdaptiveStep,
  proposeFixedStep,
  type StepControlSettings,
  type StepProposal,
  StepSizeController,
  stepAfterAcceptance,
  stepAfterRejection,
  TIME_RESOLUTION_ULPS,
  type TrialVerdict,
} from './internal/stepSizeController.js';
// The run's status rules: when it stops, why, and what it says.
export {
  divergedStop,
  eventStop,
  exceedsMaxNorm,
  maxStepsStop,
  nonFiniteRhsStop,
  nonFiniteStepStop,
  reachedMessage,
  type StopReason,
  startStop,
  stepEnd,
  tooSmallStop,
} from './internal/runStatus.js';
// Stage combinations (the engine's unrolled inner loop).
export { combine, type Terms, termsOf } from './internal/combine.js';
// One trajectory's work vectors and trial step.
export { completeStep, RkWorkspace } from './internal/rkWorkspace.js';
// Dense output and the outputs inside a step.
export { denseOutput, recordOutputs } from './internal/denseOutput.js';
// Crossings inside a step.
export { illinois, locateTolerance, maxNormCrossing } from './internal/rootFinding.js';
// Batch calls: option checks, progress reports, cancellation.
export {
  abortError,
  batchProgress,
  checkBatchOptions,
  type Float32BatchInput,
  resolveFloat32Batch,
} from './internal/batchInput.js';
// The number of output times an options object asks for (read before anything is copied).
export { requestedTimes } from './integrate.js';
// Batch results: totals and per-member counts, the per-neuron laws of every reached row.
export {
  batchNeuronLaws,
  batchResultOf,
  type MemberCounts,
  type MemberEnd,
  memberRunResult,
  memberTotals,
} from './internal/batchResult.js';
// Float32 backends (the gpu.js and WebGPU kernels, which share a layer and cannot import each
// other): float32 constants, tolerances and rtol floor, the resolution of float32 time, the
// options they refuse, and the validation of a data problem into float32 data.
export {
  checkFloat32Rtol,
  FLOAT32_EPSILON,
  FLOAT32_RTOL_FLOOR,
  FLOAT32_TOLERANCES,
  float32TimeResolution,
  resolveFloat32Settings,
} from './internal/float32.js';
export {
  type Float32Layered,
  type Float32Linear,
  type Float32Problem,
  resolveFloat32Problem,
} from './internal/float32Problem.js';
// Benchmarks: the seeded ensemble every backend times, its useful flops, the budget of a bench run.
export {
  BENCH_BUDGET,
  evaluationFlops,
  type LayeredBenchCase,
  type LayeredBenchOptions,
  layeredBenchCase,
} from './internal/benchCase.js';
