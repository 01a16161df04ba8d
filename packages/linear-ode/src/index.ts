// Public entry of @idyn/linear-ode: re-exports only.
export { aroraMetric } from './aroraMetric.js';
export { deepIntrinsicMetric } from './deepIntrinsicMetric.js';
export { linearNetworkMetric } from './linearNetworkMetric.js';
export {
  relaxedBalancedDeep,
  type RelaxedBalancedDeepOptions,
  type RelaxedBalancedDeepResult,
} from './relaxedBalancedDeep.js';
export { relaxedBalancedResidual, type RelaxedBalancedResidualResult } from './relaxedBalancedResidual.js';
export {
  relaxedBalancedTwoLayer,
  type RelaxedBalancedTwoLayerOptions,
  type RelaxedBalancedTwoLayerResult,
} from './relaxedBalancedTwoLayer.js';
export { twoLayerIntrinsicMetric, type TwoLayerIntrinsicMetricOptions } from './twoLayerIntrinsicMetric.js';
export {
  compareLinearFlows,
  type CompareLinearFlowsOptions,
  type CompareLinearFlowsResult,
  type LinearFlowPiece,
  type LinearRankCrossing,
} from './compareLinearFlows.js';
export { compareLinearFlowsCost } from './compareLinearFlowsCost.js';
export {
  interpolateParameter,
  type InterpolateParameterOptions,
  type MatrixFunction,
} from './interpolateParameter.js';
export {
  intrinsicLinearFlow,
  type IntrinsicLinearFlowResult,
  type LinearIntrinsicModel,
} from './intrinsicLinearFlow.js';
export {
  linearGradientFlow,
  type LinearFlowOptions,
  type LinearGradientFlowResult,
} from './linearGradientFlow.js';
export { logMeanMetric } from './logMeanMetric.js';
export { logMeanMetricQuadrature } from './logMeanMetricQuadrature.js';
export { neuralOdeGradient } from './neuralOdeGradient.js';
export { neuralOdeLaw, type NeuralOdeLawOptions } from './neuralOdeLaw.js';
export { neuralOdeMetric } from './neuralOdeMetric.js';
export { type NeuralOdeCostInput, neuralOdeCost } from './neuralOdeCost.js';
export {
  relaxedBalancedOdeParameter,
  type RelaxedBalancedOdeParameterOptions,
  type RelaxedBalancedOdeParameterResult,
} from './relaxedBalancedOdeParameter.js';
export { resnetMetric, type ResnetMetricResult } from './resnetMetric.js';
export { type LinearOdeSolution, solveLinearOde, type SolveLinearOdeOptions } from './solveLinearOde.js';
export {
  type LinearLoss,
  type SyntheticLinearLoss,
  syntheticLoss,
  type SyntheticLossOptions,
} from './syntheticLoss.js';
