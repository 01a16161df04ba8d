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
