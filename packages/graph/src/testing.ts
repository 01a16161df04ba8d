// Test helpers of @idyn/graph (subpath `@idyn/graph/testing`): re-exports only.
export { randomDag, type RandomDagOptions, type CountRange } from './randomDag.js';
export { type TieParametersOptions, tieParameters } from './tieParameters.js';
