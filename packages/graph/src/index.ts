// Public entry of @idyn/graph: re-exports only.
export type {
  Activation,
  EdgeSpec,
  Network,
  NetworkEdge,
  NetworkNode,
  NetworkSpec,
  NodeKind,
  NodeSpec,
} from './Network.js';
export { NetworkError, type NetworkErrorCode } from './NetworkError.js';
export {
  ACTIVATION_NAMES,
  ACTIVATIONS,
  type ActivationSpec,
  DEFAULT_HIDDEN_ACTIVATION,
} from './activations.js';
export { createNetwork } from './createNetwork.js';
export { parseNetwork } from './parseNetwork.js';
export { type LayeredShape, layeredShape } from './layeredShape.js';
export { nodeDepths } from './nodeDepths.js';
export { MAX_PRESET_EDGES, presetSpec, PRESET_FORMS, type PresetSpecOptions } from './presetSpec.js';
export { networkSpec } from './networkSpec.js';
export { serializeNetwork, type SerializeNetworkOptions } from './serializeNetwork.js';
export { assertTheta } from './assertTheta.js';
export { forward, type ForwardResult } from './forward.js';
export { backward, type BackwardResult } from './backward.js';
export { mseGradient, type MseGradientResult } from './mseGradient.js';
export { rescalingLaws } from './rescalingLaws.js';
export {
  type RescalingSymmetriesResult,
  type RescalingSymmetry,
  rescalingSymmetries,
  symmetryLaws,
} from './rescalingSymmetries.js';
export { rescaleNeurons } from './rescaleNeurons.js';
export {
  RESCALE_TO_LAWS_DEFAULTS,
  rescaleToLaws,
  type RescaleToLawsOptions,
  type RescaleToLawsResult,
} from './rescaleToLaws.js';
export { RescaleToLawsError, type RescaleToLawsFailure } from './RescaleToLawsError.js';
export { initGaussian, type InitGaussianOptions } from './initGaussian.js';
export { initBalanced, type InitBalancedOptions } from './initBalanced.js';
