// Public entry of @idyn/integrators: re-exports only.
export { integrate } from './integrate.js';
export { type IntegrateCostInput, integrateCost } from './integrateCost.js';
export { type GradientStepsCostInput, gradientStepsCost } from './gradientStepsCost.js';
export {
  type ButcherTableau,
  DOPRI5,
  EULER,
  HEUN,
  type MethodName,
  RK4,
  TABLEAUX,
} from './tableaux.js';
export type {
  Backend,
  BatchIntegrateOptions,
  BatchIntegrateResult,
  BatchProgress,
  DataProblem,
  EventRecord,
  EventSpec,
  IntegrateOptions,
  IntegrateResult,
  IntegrateStats,
  IntegrationStatus,
  LayerActivation,
  LayeredFlowProblem,
  LinearProblem,
  MseLoss,
  Observer,
  OdeProblem,
  Problem,
  SyntheticLoss,
} from './types.js';
export { cpuBackend, type CpuBackend } from './cpuBackend.js';
export { createLawMonitor, type LawMonitor, type LawsFunction } from './createLawMonitor.js';
export { gradientDescent, type GradientDescentOptions } from './gradientDescent.js';
export { gradientFlow, type GradientFlowOptions, type GradientFlowResult } from './gradientFlow.js';
export { layeredFlowLoss, type LayeredFlowLossResult, type LossFunction } from './layeredFlowLoss.js';
export { layeredNeuronLaws } from './layeredNeuronLaws.js';
export {
  type GradientStepsOptions,
  type GradientStepsResult,
  gradientSteps,
  type QuadraticLaw,
  type StochasticLoss,
} from './gradientSteps.js';
export { layeredBatchLoss } from './layeredBatchLoss.js';
export { type SweepEtaOptions, type SweepEtaResult, sweepEta } from './sweepEta.js';
