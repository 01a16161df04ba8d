// Public entry of @idyn/intrinsic: re-exports only.
export type { IntrinsicModel, RecoveryStats } from './IntrinsicModel.js';
export { type RecoverThetaOptions, type RecoverThetaResult, recoverTheta } from './recoverTheta.js';
export {
  type TwoLayerReluMetricOptions,
  twoLayerReluMetric,
} from './twoLayerReluMetric.js';
export { type TwoLayerReluModelOptions, twoLayerReluModel } from './twoLayerReluModel.js';
export {
  type PathIntrinsicModel,
  type PathIntrinsicModelOptions,
  pathIntrinsicModel,
} from './pathIntrinsicModel.js';
export { type ScalarChainMetricResult, scalarChainMetric } from './scalarChainMetric.js';
export { type TwoLayerLinearModelOptions, twoLayerLinearModel } from './twoLayerLinearModel.js';
export {
  type CompareFlowsOptions,
  type CompareFlowsResult,
  compareFlows,
  type FlowLoss,
  type FlowRecovery,
  type SingularCrossing,
} from './compareFlows.js';
export { compareFlowsCost } from './compareFlowsCost.js';
export { pathIntrinsicModelCost } from './pathIntrinsicModelCost.js';
