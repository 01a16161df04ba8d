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
export { createNetwork } from './createNetwork.js';
export { parseNetwork } from './parseNetwork.js';
export { presetSpec, PRESET_FORMS } from './presetSpec.js';
export { networkSpec } from './networkSpec.js';
export { serializeNetwork, type SerializeNetworkOptions } from './serializeNetwork.js';
export { assertTheta } from './assertTheta.js';
